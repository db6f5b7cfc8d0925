using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Bench.Nbd;

/// <summary>
/// One emulator process (Emu or QEMU) started stopped (<c>-S</c>) with the same command line on
/// both sides: a read-only drive <c>d0</c> and a writable drive <c>w</c>, and a QMP monitor on a
/// unix socket. Its NBD server is set up through QMP the way a user does it
/// (<c>nbd-server-start</c>, then <c>nbd-server-add</c> for each drive), and it ends with
/// <c>quit</c> and exit status 0.
/// </summary>
internal sealed class NbdExporter : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private QmpClient? _qmp;
    private int _port;

    private NbdExporter(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The read-only export of drive <c>d0</c>.</summary>
    public string ReadUri => string.Create(CultureInfo.InvariantCulture, $"nbd://127.0.0.1:{_port}/d0");

    /// <summary>The writable export of drive <c>w</c>.</summary>
    public string WriteUri => string.Create(CultureInfo.InvariantCulture, $"nbd://127.0.0.1:{_port}/w");

    /// <summary>CPU time the process has used so far (all its threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <paramref name="program"/> (after <paramref name="leading"/> arguments) and exports its drives.</summary>
    public static NbdExporter Start(string name, string program, IReadOnlyList<string> leading, string readImage, string writeImage, string qmpPath)
    {
        ProcessStartInfo start = new(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in leading)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in CommandLine(readImage, writeImage, qmpPath))
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: could not start {program}");
        NbdExporter exporter = new(name, process);
        try
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += exporter.OnError;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            exporter.Export(qmpPath);
            return exporter;
        }
        catch
        {
            exporter.Dispose();
            throw;
        }
    }

    /// <summary>The options both programs get: nothing but the two drives and the monitor.</summary>
    public static IReadOnlyList<string> CommandLine(string readImage, string writeImage, string qmpPath) =>
    [
        "-machine", "pc", "-nodefaults", "-display", "none", "-S",
        "-drive", $"file={readImage},format=raw,if=none,id=d0,readonly=on",
        "-drive", $"file={writeImage},format=raw,if=none,id=w",
        "-qmp", $"unix:{qmpPath},server=on,wait=off",
    ];

    /// <summary>Sends <c>quit</c> and checks that the process ends with status 0.</summary>
    public void Quit()
    {
        _qmp!.Execute("quit");
        if (!_process.WaitForExit(Timeout))
        {
            throw new InvalidOperationException($"{Name} did not exit within {Timeout.TotalSeconds} s of 'quit'");
        }

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} exited with status {_process.ExitCode} after 'quit'{Errors()}");
        }
    }

    public void Dispose()
    {
        _qmp?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Export(string qmpPath)
    {
        try
        {
            _qmp = QmpClient.Connect(qmpPath, () => !_process.HasExited, Timeout);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            if (_process.HasExited)
            {
                // Drains the redirected output so the error below shows all of it.
                _process.WaitForExit();
            }

            throw new InvalidOperationException(
                $"{Name}'s monitor did not answer at {qmpPath} (exited: {_process.HasExited}){Errors()}", e);
        }

        _port = FreePort();
        _qmp.Execute("nbd-server-start", new JsonObject
        {
            ["addr"] = new JsonObject
            {
                ["type"] = "inet",
                ["data"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = _port.ToString(CultureInfo.InvariantCulture) },
            },
        });
        _qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "d0" });
        _qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "w", ["writable"] = true });
    }

    private void OnError(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not null)
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        }
    }

    private string Errors()
    {
        lock (_errors)
        {
            return _errors.Length == 0 ? string.Empty : $"; its stderr:{Environment.NewLine}{_errors.ToString().TrimEnd()}";
        }
    }

    private static int FreePort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
