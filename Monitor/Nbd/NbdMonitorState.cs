using System.Text.Json;
using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Nbd.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Nbd;

/// <summary>
/// The NBD server behind one monitor host's nbd-server-* commands: its exports' deletions become
/// BLOCK_EXPORT_DELETED events, a drive losing its medium deletes the exports made from it, and
/// the server stops with the host.
/// </summary>
public sealed class NbdMonitorState
{
    private NbdMonitorState(MonitorServices services)
    {
        Server.ExportDeleted += id => services.Events.Emit(
            "BLOCK_EXPORT_DELETED",
            JsonSerializer.SerializeToNode(new BlockExportDeletedData { Id = id }, NbdJsonContext.Default.BlockExportDeletedData)!.AsObject());
        foreach (BlockDrive drive in services.Drives.Drives)
        {
            drive.MediumRemoved += OnMediumRemoved;
        }

        services.OnStop(async () =>
        {
            if (Server.IsRunning)
            {
                await Server.StopAsync().ConfigureAwait(false);
            }
        });
    }

    public NbdServer Server { get; } = new();

    /// <summary>The state of <paramref name="services"/>, created on first use.</summary>
    public static NbdMonitorState Of(MonitorServices services) => services.GetState(s => new NbdMonitorState(s));

    private void OnMediumRemoved(BlockDrive drive, IBlockBackend medium) => Server.NotifyMediumRemoved(drive);
}
