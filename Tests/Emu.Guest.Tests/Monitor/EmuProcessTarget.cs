using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Emu.TestSupport.Qmp;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The real <c>emu</c> program as the Emu side of a QEMU comparison: started with exactly the
/// options given to qemu-system-i386 (<c>-machine pc -nodefaults -display none -S</c>, the
/// configuration's drives, <c>-qmp unix:qmp.sock</c>) on the same images.
/// </summary>
internal sealed class EmuProcessTarget : IQmpTarget
{
    private readonly TempDirectory _work;
    private readonly MonitoredEmu _emu;

    private EmuProcessTarget(TempDirectory work, MonitoredEmu emu, EndPoint endpoint)
    {
        _work = work;
        _emu = emu;
        Endpoint = endpoint;
    }

    public string WorkDirectory => _work.Path;

    public EndPoint Endpoint { get; }

    /// <summary>
    /// Completes when the process has exited with status 0, as emu does after quit; faults on any
    /// other status (waits at most <see cref="QmpClient.Timeout"/> from the call).
    /// </summary>
    public Task Exited => ExitedCleanlyAsync();

    public static async Task<EmuProcessTarget> StartAsync(SessionConfig config)
    {
        TempDirectory work = new();
        Tools.CreateImages(work.Path);
        string socket = work.File("qmp.sock");
        string[] args = ["-machine", "pc", "-nodefaults", "-display", "none", "-S", .. config.QemuArgs(work.Path), "-qmp", $"unix:{socket},server=on,wait=off"];
        MonitoredEmu emu = MonitoredEmu.Start(work.Path, args);
        Stopwatch waited = Stopwatch.StartNew();
        while (!File.Exists(socket))
        {
            if (emu.HasExited || waited.Elapsed > QmpClient.Timeout)
            {
                string error = emu.StandardError;
                emu.Dispose();
                work.Dispose();
                throw new InvalidOperationException($"emu {string.Join(' ', args)} did not create its QMP socket: {error}");
            }

            await Task.Delay(20);
        }

        return new EmuProcessTarget(work, emu, new UnixDomainSocketEndPoint(socket));
    }

    public ValueTask DisposeAsync()
    {
        _emu.Dispose();
        _work.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ExitedCleanlyAsync()
    {
        int status = await _emu.WaitForExitAsync();
        if (status != 0)
        {
            throw new InvalidOperationException($"emu exited with status {status} after quit: {_emu.StandardError}");
        }
    }
}
