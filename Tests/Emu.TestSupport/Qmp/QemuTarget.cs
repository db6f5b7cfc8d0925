using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Emu.TestSupport.Qmp;

/// <summary>QEMU's side of a comparison: <c>qemu-system-i386 -machine pc -nodefaults -display none -S</c> with the same drives.</summary>
public sealed class QemuTarget : IQmpTarget
{
    private readonly TempDirectory _work;
    private readonly Process _process;

    private QemuTarget(TempDirectory work, Process process, EndPoint endpoint)
    {
        _work = work;
        _process = process;
        Endpoint = endpoint;
        Exited = process.WaitForExitAsync();
    }

    public string WorkDirectory => _work.Path;

    public EndPoint Endpoint { get; }

    public Task Exited { get; }

    public static async Task<QemuTarget> StartAsync(SessionConfig config, IReadOnlyList<string>? extraArgs = null)
    {
        TempDirectory work = new();
        Tools.CreateImages(work.Path);
        string socket = work.File("qmp.sock");
        ProcessStartInfo start = new("qemu-system-i386") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (string a in new[] { "-machine", "pc", "-nodefaults", "-display", "none", "-S" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (string a in config.QemuArgs(work.Path))
        {
            start.ArgumentList.Add(a);
        }

        foreach (string a in extraArgs ?? Array.Empty<string>())
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("-qmp");
        start.ArgumentList.Add($"unix:{socket},server=on,wait=off");
        Process process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(socket))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("qemu-system-i386 did not create its QMP socket");
            }

            await Task.Delay(20);
        }

        return new QemuTarget(work, process, new UnixDomainSocketEndPoint(socket));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _work.Dispose();
    }
}
