using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Nbd.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Nbd;

/// <summary>
/// nbd-server-start, nbd-server-add, nbd-server-remove, nbd-server-stop and BLOCK_EXPORT_DELETED
/// (qmp.md §5.17-5.20, nbd.md §6, §8), with QEMU 7.2's errors.
/// </summary>
public static class NbdQmpCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        NbdJsonContext json = NbdJsonContext.Default;
        registry.AddAsync("nbd-server-start", () => json.NbdServerStartArguments, () => json.QmpEmpty, StartAsync);
        registry.AddOnMachine("nbd-server-add", () => json.NbdServerAddArguments, () => json.QmpEmpty, Add, QmpCommandFlags.None, "deprecated");
        registry.AddAsync("nbd-server-remove", () => json.NbdServerRemoveArguments, () => json.QmpEmpty, Remove, QmpCommandFlags.None, "deprecated");
        registry.AddAsync("nbd-server-stop", () => json.QmpEmpty, () => json.QmpEmpty, StopAsync);
        registry.AddOnMachine("query-block-exports", () => json.QmpEmpty, () => json.ListBlockExportInfo, QueryExports);
        registry.AddEvent("BLOCK_EXPORT_DELETED", () => json.BlockExportDeletedData);
    }

    private static async ValueTask<QmpOutcome<QmpEmpty>> StartAsync(QmpCommandContext context, NbdServerStartArguments arguments, CancellationToken cancel)
    {
        NbdServer server = NbdMonitorState.Of(context.Services).Server;
        NbdEndpoint endpoint;
        switch (arguments.Addr)
        {
            case SocketAddressLegacy.Inet inet:
                endpoint = NbdEndpoint.Inet(inet.Data.Host, inet.Data.Port);
                break;
            case SocketAddressLegacy.Unix unix when unix.Data.Abstract != true:
                endpoint = NbdEndpoint.Unix(unix.Data.Path);
                break;
            default:
                if (server.IsRunning)
                {
                    return QmpError.Generic("NBD server already running");
                }

                return QmpError.Generic("Emu's NBD server listens only on inet and unix (path) addresses");
        }

        try
        {
            server.Start(endpoint, (int)Math.Min(arguments.MaxConnections ?? 0, int.MaxValue));
        }
        catch (NbdServerException refused)
        {
            return QmpError.Generic(refused.Message);
        }

        if (arguments.TlsCreds is not null)
        {
            // QEMU binds first, then looks the credentials object up; Emu has no TLS credentials
            // objects, so every id names nothing and the server is torn down again.
            await server.StopAsync().ConfigureAwait(false);
            return QmpError.Generic($"No TLS credentials with id '{arguments.TlsCreds}'");
        }

        return QmpEmpty.Instance;
    }

    /// <summary>Runs on the machine thread: the drive's medium cannot change under it.</summary>
    private static QmpOutcome<QmpEmpty> Add(QmpCommandContext context, NbdServerAddArguments arguments)
    {
        (BlockDrive drive, IBlockBackend medium) = context.Services.Drives.GetMediumByDeviceOrNode(arguments.Device);
        string name = arguments.Name ?? arguments.Device;

        // A read-only drive is exported read-only even when writable was asked (nbd.md §3).
        bool writable = (arguments.Writable ?? false) && !drive.IsReadOnly && !medium.IsReadOnly;
        string? conflict = null;
        if (writable && drive.HoldsWriteUnshared)
        {
            string node = context.Services.Drives.NodeName(medium);
            conflict = $"Permission conflict on node '{node}': permissions 'write' are both required by an unnamed block device (uses node '{node}' as 'root' child) and unshared by block device '{drive.Id}' (uses node '{node}' as 'root' child).";
        }

        // Only an export made by drive name follows the drive's medium (nbd.md §8.1).
        BlockDrive? tied = context.Services.Drives.FindByName(arguments.Device);
        IDisposable hold = context.Services.Drives.Media.Hold(medium);
        try
        {
            NbdMonitorState.Of(context.Services).Server.AddExport(name, medium, writable, arguments.Description, tied, conflict, arguments.Bitmap, hold);
        }
        catch (NbdServerException refused)
        {
            hold.Dispose();
            return QmpError.Generic(refused.Message);
        }

        return QmpEmpty.Instance;
    }

    /// <summary>query-block-exports: newest first, as QEMU lists them (qmp.md §5.20).</summary>
    private static QmpOutcome<List<BlockExportInfo>> QueryExports(QmpCommandContext context, QmpEmpty arguments)
    {
        List<BlockExportInfo> list = new();
        IReadOnlyList<NbdExport> exports = NbdMonitorState.Of(context.Services).Server.Exports;
        for (int i = exports.Count - 1; i >= 0; i--)
        {
            list.Add(new BlockExportInfo
            {
                NodeName = context.Services.Drives.NodeName(exports[i].Backend),
                ShuttingDown = false,
                Type = "nbd",
                Id = exports[i].Name,
            });
        }

        return list;
    }

    private static ValueTask<QmpOutcome<QmpEmpty>> Remove(QmpCommandContext context, NbdServerRemoveArguments arguments, CancellationToken cancel)
    {
        try
        {
            NbdMonitorState.Of(context.Services).Server.RemoveExport(arguments.Name, arguments.Mode ?? NbdRemoveMode.Safe);
        }
        catch (NbdServerException refused)
        {
            return ValueTask.FromResult<QmpOutcome<QmpEmpty>>(QmpError.Generic(refused.Message));
        }

        return ValueTask.FromResult<QmpOutcome<QmpEmpty>>(QmpEmpty.Instance);
    }

    private static async ValueTask<QmpOutcome<QmpEmpty>> StopAsync(QmpCommandContext context, QmpEmpty arguments, CancellationToken cancel)
    {
        try
        {
            await NbdMonitorState.Of(context.Services).Server.StopAsync().ConfigureAwait(false);
        }
        catch (NbdServerException refused)
        {
            return QmpError.Generic(refused.Message);
        }

        return QmpEmpty.Instance;
    }
}
