using System.Net;
using Emu.Devices.Storage;
using Emu.Monitor.Server;

namespace Emu.Monitor.Tests.Support;

/// <summary>
/// Emu's side of a comparison: the monitor host run in-process the way the App hosts it, with a
/// <see cref="TestMachine"/> and real drives opened by the block layer, on real sockets. On quit it
/// disposes the host, as the App's run loop does.
/// </summary>
public sealed class EmuTarget : IQmpTarget
{
    private readonly TempDirectory _work;
    private readonly IReadOnlyList<BlockDrive> _drives;
    private readonly Task _exited;

    private EmuTarget(TempDirectory work, IReadOnlyList<BlockDrive> drives, TestMachine machine, MonitorHost host, EndPoint endpoint)
    {
        _work = work;
        _drives = drives;
        Machine = machine;
        Host = host;
        Endpoint = endpoint;
        _exited = ExitOnQuitAsync();
    }

    public string WorkDirectory => _work.Path;

    public EndPoint Endpoint { get; }

    public Task Exited => _exited;

    public TestMachine Machine { get; }

    public MonitorHost Host { get; }

    public IReadOnlyList<BlockDrive> Drives => _drives;

    /// <summary>Starts with the images of <see cref="Tools.CreateImages"/>; monitors default to one unix socket <c>qmp.sock</c>.</summary>
    public static EmuTarget Start(SessionConfig config, IReadOnlyList<string>? qmpOptions = null, bool pretty = false)
    {
        TempDirectory work = new();
        Tools.CreateImages(work.Path);
        IReadOnlyList<BlockDrive> drives = config.BuildDrives(work.Path);
        TestMachine machine = new(drives);
        MonitorCommandLine commandLine = new();
        foreach (string option in qmpOptions ?? new[] { $"unix:{work.File("qmp.sock")},server=on,wait=off" })
        {
            commandLine.AddQmp(option);
        }

        MonitorHost host = MonitorHost.Start(new MonitorHostOptions
        {
            Monitors = commandLine.Endpoints,
            Pretty = pretty,
            Machine = machine,
            Drives = drives,
        });
        return new EmuTarget(work, drives, machine, host, host.LocalEndPoints[0]!);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Machine.Dispose();
        foreach (BlockDrive drive in _drives)
        {
            drive.RemoveMedium()?.Dispose();
        }

        _work.Dispose();
    }

    /// <summary>Releases the images (closes them) while keeping the work directory, as a process exit would.</summary>
    public async Task StopAsync()
    {
        await Host.DisposeAsync();
        foreach (BlockDrive drive in _drives)
        {
            drive.RemoveMedium()?.Dispose();
        }
    }

    private async Task ExitOnQuitAsync()
    {
        await Machine.QuitRequested;
        await Host.DisposeAsync();
    }
}
