using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.Monitor.Nbd;

/// <summary>
/// One export: a name clients ask for and the block backend it serves. The backend is the one
/// the guest uses, captured when the export was added (QEMU exports the drive's root node).
/// An export made from a drive is tied to it and goes away when that drive loses its medium
/// (nbd.md §8.1); one made by node name keeps its backend open after the drive lets it go.
/// </summary>
public sealed class NbdExport
{
    private readonly HashSet<NbdConnection> _connections = new();
    private readonly IDisposable? _hold;

    internal NbdExport(string name, string? description, IBlockBackend backend, bool writable, BlockDrive? drive, IDisposable? hold)
    {
        _hold = hold;
        Name = name;
        Description = description;
        Backend = backend;
        Drive = drive;

        // A read-only medium makes a read-only export even when writable was asked for (nbd.md §3).
        IsWritable = writable && !backend.IsReadOnly;
        Size = backend.Length;
        ushort flags = NbdProtocol.TxHasFlags | NbdProtocol.TxSendFlush | NbdProtocol.TxSendFua
            | NbdProtocol.TxSendCache | NbdProtocol.TxCanMultiConn;
        flags |= IsWritable
            ? (ushort)(NbdProtocol.TxSendTrim | NbdProtocol.TxSendWriteZeroes | NbdProtocol.TxSendFastZero)
            : NbdProtocol.TxReadOnly;
        BaseFlags = flags;
    }

    /// <summary>The export name, which is also its block export id.</summary>
    public string Name { get; }

    public string? Description { get; }

    public IBlockBackend Backend { get; }

    /// <summary>The drive the export was made from; null when made from a bare backend.</summary>
    public BlockDrive? Drive { get; }

    public bool IsWritable { get; }

    public long Size { get; }

    /// <summary>Transmission flags without SEND_DF (QEMU adds DF per structured connection).</summary>
    public ushort BaseFlags { get; }

    /// <summary>Clients that finished negotiation on this export and are still connected.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    internal bool IsRemoved { get; private set; }

    public ushort TransmissionFlags(bool structured) =>
        structured ? (ushort)(BaseFlags | NbdProtocol.TxSendDf) : BaseFlags;

    /// <summary>Registers a client entering transmission; false when the export was removed meanwhile.</summary>
    internal bool Attach(NbdConnection connection)
    {
        lock (_connections)
        {
            if (IsRemoved)
            {
                return false;
            }

            _connections.Add(connection);
            return true;
        }
    }

    internal void Detach(NbdConnection connection)
    {
        lock (_connections)
        {
            _connections.Remove(connection);
        }
    }

    /// <summary>
    /// Marks the export gone, closes its clients and, once their connections have ended, lets go
    /// of the backend (the hold taken at nbd-server-add). Completes at once without clients.
    /// </summary>
    internal async Task RetireAsync()
    {
        NbdConnection[] clients;
        lock (_connections)
        {
            IsRemoved = true;
            clients = new NbdConnection[_connections.Count];
            _connections.CopyTo(clients);
        }

        Task[] closing = new Task[clients.Length];
        for (int i = 0; i < clients.Length; i++)
        {
            clients[i].Abort();
            closing[i] = clients[i].Completion;
        }

        try
        {
            await Task.WhenAll(closing).ConfigureAwait(false);
        }
        finally
        {
            _hold?.Dispose();
        }
    }
}
