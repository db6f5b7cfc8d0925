using System.Net;
using System.Net.Sockets;
using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Emu's NBD server, as QEMU's QMP <c>nbd-server-*</c> commands drive it (nbd.md §6): one
/// listening socket, a set of named exports over the machine's block backends, and any number
/// of clients. Failures throw <see cref="NbdServerException"/> with QEMU's text. Thread-safe.
/// </summary>
public sealed class NbdServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly object _lock = new();
    private readonly List<NbdExport> _exports = new();
    private readonly NbdConnectionManager _connections = new();
    private Socket? _listener;
    private CancellationTokenSource? _acceptCancel;
    private Task _acceptLoop = Task.CompletedTask;
    private SemaphoreSlim? _connectionSlots;
    private string? _unixPath;
    private long _nextConnectionId;

    /// <summary>Diagnostics sink (one line per event); null keeps the server silent.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>An export went away: QMP's BLOCK_EXPORT_DELETED with this id.</summary>
    public event Action<string>? ExportDeleted;

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>The bound address (useful with port "0"); null when stopped.</summary>
    public EndPoint? LocalEndPoint
    {
        get
        {
            lock (_lock)
            {
                return _listener?.LocalEndPoint;
            }
        }
    }

    /// <summary>Exports in creation order.</summary>
    public IReadOnlyList<NbdExport> Exports
    {
        get
        {
            lock (_lock)
            {
                return _exports.ToArray();
            }
        }
    }

    /// <summary>Clients connected now, in any phase.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>nbd-server-start: listens at once. <paramref name="maxConnections"/> 0 means unlimited.</summary>
    public void Start(NbdEndpoint endpoint, int maxConnections = 0)
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                throw new NbdServerException("NBD server already running");
            }

            EndPoint address = endpoint.Resolve();
            Socket listener = endpoint.IsUnix
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endpoint.IsUnix)
                {
                    // QEMU unlinks a stale socket file before binding (util/qemu-sockets.c).
                    File.Delete(endpoint.Path!);
                }

                listener.Bind(address);
                listener.Listen(128);
            }
            catch (SocketException failure)
            {
                listener.Dispose();
                throw new NbdServerException(failure.SocketErrorCode == SocketError.AddressAlreadyInUse
                    ? "Failed to find an available port: Address already in use"
                    : $"Failed to bind socket: {failure.Message}");
            }

            _listener = listener;
            _unixPath = endpoint.Path;
            _connectionSlots = maxConnections > 0 ? new SemaphoreSlim(maxConnections, maxConnections) : null;
            _acceptCancel = new CancellationTokenSource();
            _acceptLoop = AcceptLoopAsync(listener, _connectionSlots, _acceptCancel.Token);
        }
    }

    /// <summary>
    /// nbd-server-add with the drive already looked up. <paramref name="tiedDrive"/> makes the
    /// export go away when that drive loses its medium; <paramref name="writeConflict"/> is the
    /// permission-conflict text to fail with if the export would be writable (a guest device
    /// holds the disk without share-rw). <paramref name="hold"/> keeps the backend open; the
    /// export disposes it once removed and its clients are gone (not when this throws).
    /// </summary>
    public NbdExport AddExport(string name, IBlockBackend backend, bool writable, string? description = null,
        BlockDrive? tiedDrive = null, string? writeConflict = null, string? bitmap = null, IDisposable? hold = null)
    {
        lock (_lock)
        {
            if (!IsWellFormedId(name))
            {
                throw new NbdServerException("Invalid block export id");
            }

            if (FindExportLocked(name) is not null)
            {
                throw new NbdServerException($"Block export id '{name}' is already in use");
            }

            if (writable && !backend.IsReadOnly && writeConflict is not null)
            {
                throw new NbdServerException(writeConflict);
            }

            if (_listener is null)
            {
                throw new NbdServerException("NBD server not running");
            }

            if (System.Text.Encoding.UTF8.GetByteCount(name) > NbdServerLimits.MaxString)
            {
                throw new NbdServerException($"export name '{name}' too long");
            }

            if (description is not null && System.Text.Encoding.UTF8.GetByteCount(description) > NbdServerLimits.MaxString)
            {
                throw new NbdServerException($"description '{description}' too long");
            }

            if (bitmap is not null)
            {
                // Emu's images carry no dirty bitmaps.
                throw new NbdServerException($"Bitmap '{bitmap}' is not found");
            }

            NbdExport export = new(name, description, backend, writable, tiedDrive, hold);
            _exports.Add(export);
            return export;
        }
    }

    /// <summary>
    /// nbd-server-remove. Safe refuses while clients are connected; hard closes them and
    /// reports <see cref="ExportDeleted"/> once they are gone (after this returns, as QEMU).
    /// </summary>
    public void RemoveExport(string name, NbdRemoveMode mode)
    {
        NbdExport export;
        lock (_lock)
        {
            export = FindExportLocked(name) ?? throw new NbdServerException($"Export '{name}' is not found");
            if (mode == NbdRemoveMode.Safe && export.ConnectionCount > 0)
            {
                throw new NbdServerException($"export '{name}' still in use");
            }

            _exports.Remove(export);
        }

        Task retired = export.RetireAsync();
        if (retired.IsCompleted)
        {
            ExportDeleted?.Invoke(name);
            return;
        }

        _ = retired.ContinueWith(_ => ExportDeleted?.Invoke(name), TaskScheduler.Default);
    }

    /// <summary>
    /// The drive lost its medium (eject, change, remove-medium): exports made from it close
    /// their clients and go away, reported before this returns (nbd.md §8.1).
    /// </summary>
    public void NotifyMediumRemoved(BlockDrive drive)
    {
        List<NbdExport> gone = new();
        lock (_lock)
        {
            foreach (NbdExport export in _exports)
            {
                if (ReferenceEquals(export.Drive, drive))
                {
                    gone.Add(export);
                }
            }

            foreach (NbdExport export in gone)
            {
                _exports.Remove(export);
            }
        }

        foreach (NbdExport export in gone)
        {
            // The clients are closed now; the medium closes once their last request has ended.
            _ = export.RetireAsync();
            ExportDeleted?.Invoke(export.Name);
        }
    }

    /// <summary>
    /// nbd-server-stop: removes every export (one <see cref="ExportDeleted"/> each, in creation
    /// order), closes every connection whatever its phase, and frees the address.
    /// </summary>
    public async Task StopAsync()
    {
        Socket listener;
        Task acceptLoop;
        NbdExport[] exports;
        lock (_lock)
        {
            listener = _listener ?? throw new NbdServerException("NBD server not running");
            _listener = null;
            _acceptCancel!.Cancel();
            acceptLoop = _acceptLoop;
            exports = _exports.ToArray();
            _exports.Clear();
        }

        // Ordered shutdown: the accept loop ends by cancellation before its socket is disposed,
        // so no accept starts on a disposed socket and no connection arrives after the abort below.
        await acceptLoop.ConfigureAwait(false);
        listener.Dispose();
        Task[] retiring = new Task[exports.Length];
        for (int i = 0; i < exports.Length; i++)
        {
            retiring[i] = exports[i].RetireAsync();
            ExportDeleted?.Invoke(exports[i].Name);
        }

        await _connections.AbortAllAsync(StopTimeout).ConfigureAwait(false);
        await Task.WhenAll(retiring).ConfigureAwait(false);
        if (_unixPath is not null)
        {
            File.Delete(_unixPath);
            _unixPath = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            try
            {
                await StopAsync().ConfigureAwait(false);
            }
            catch (NbdServerException)
            {
                // Stopped meanwhile by another caller.
            }
        }
    }

    internal NbdExport? FindExport(string name)
    {
        lock (_lock)
        {
            return FindExportLocked(name);
        }
    }

    internal IReadOnlyList<NbdExport> ListExports() => Exports;

    internal void Unregister(NbdConnection connection)
    {
        if (_connections.Remove(connection))
        {
            _connectionSlots?.Release();
        }
    }

    /// <summary>QEMU's id_wellformed: a letter, then letters, digits, '-', '.', '_'.</summary>
    private static bool IsWellFormedId(string id)
    {
        if (id.Length == 0 || !char.IsAsciiLetter(id[0]))
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private NbdExport? FindExportLocked(string name)
    {
        foreach (NbdExport export in _exports)
        {
            if (export.Name == name)
            {
                return export;
            }
        }

        return null;
    }

    /// <summary>
    /// Kestrel's ConnectionDispatcher shape: accept, number, register, run on the pool. Ends only
    /// when <paramref name="cancellationToken"/> fires (StopAsync disposes the socket afterwards);
    /// a failed accept (a client that reset before it was taken) is logged and the loop goes on.
    /// </summary>
    private async Task AcceptLoopAsync(Socket listener, SemaphoreSlim? slots, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (slots is not null)
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                Socket client;
                try
                {
                    client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException failure)
                {
                    slots?.Release();
                    Log?.Invoke($"nbd: accept failed: {failure.Message}");
                    continue;
                }
                catch
                {
                    slots?.Release();
                    throw;
                }

                if (client.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                {
                    client.NoDelay = true;
                }

                NbdConnection connection = new(this, client, Interlocked.Increment(ref _nextConnectionId));
                _connections.Add(connection);
                connection.Start();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // StopAsync asked the loop to end.
        }
    }
}
