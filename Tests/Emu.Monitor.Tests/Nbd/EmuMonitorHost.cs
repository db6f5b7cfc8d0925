using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Server;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>A monitor host over a stopped machine with a QMP unix socket and the given drives.</summary>
internal sealed class EmuMonitorHost : IAsyncDisposable
{
    private readonly MonitorHost _host;

    public EmuMonitorHost(ScratchDirectory scratch, params BlockDrive[] drives)
    {
        QmpPath = scratch.File($"emu-qmp-{Guid.NewGuid():N}.sock");
        Drives = drives;
        _host = MonitorHost.Start(new MonitorHostOptions
        {
            Monitors = new[] { new MonitorEndpoint(MonitorTransport.Unix, null, 0, QmpPath) },
            Machine = new FakeMachine(),
            Drives = drives,
        });
    }

    public string QmpPath { get; }

    public IReadOnlyList<BlockDrive> Drives { get; }

    public static BlockDrive Disk(string id, DriveInterface attachment, int index, string path, string format = "raw", bool? deviceShareRw = null) =>
        new(id, attachment, index, DriveMedia.Disk, BlockImage.Open(path, new BlockOpenOptions { Format = format, Locking = false }))
        {
            DeviceShareRw = deviceShareRw,
        };

    public static BlockDrive Cdrom(string id, int index, string? path) =>
        new(id, DriveInterface.Ide, index, DriveMedia.Cdrom,
            path is null ? null : BlockImage.Open(path, new BlockOpenOptions { Format = "raw", ReadOnly = true, Locking = false }));

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        foreach (BlockDrive drive in Drives)
        {
            drive.RemoveMedium()?.Dispose();
        }
    }
}
