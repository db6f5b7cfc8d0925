using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The built <c>emu</c> program (or qemu-system-i386, the reference) run as a separate process with a QMP monitor, the way
/// <see cref="EmuProcess"/> runs it: stdout and stderr are collected, the process is killed if a
/// test leaves it running.
/// </summary>
internal sealed class MonitoredEmu : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _readers;

    private MonitoredEmu(Process process)
    {
        _process = process;
        Task output = CopyAsync(process.StandardOutput, _stdout);
        Task error = CopyAsync(process.StandardError, _stderr);
        _readers = Task.WhenAll(output, error);
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static MonitoredEmu Start(string workingDirectory, params string[] args) =>
        Launch("dotnet", workingDirectory, [Path.Combine(AppContext.BaseDirectory, "emu.dll"), .. args]);

    /// <summary>The built emu with extra environment variables (e.g. DISPLAY for a window test).</summary>
    public static MonitoredEmu Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch("dotnet", workingDirectory, [Path.Combine(AppContext.BaseDirectory, "emu.dll"), .. args], environment);

    /// <summary>The reference: <c>qemu-system-i386</c> with the same arguments, watched the same way.</summary>
    public static MonitoredEmu StartQemu(string workingDirectory, params string[] args) =>
        Launch("qemu-system-i386", workingDirectory, args);

    /// <summary>A TCP port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Connects once the monitor listens (the process binds it after building the machine).</summary>
    public async Task<QmpClient> ConnectAsync(EndPoint endpoint)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await QmpClient.ConnectAsync(endpoint);
            }
            catch (SocketException) when (!_process.HasExited && waited.Elapsed < QmpClient.Timeout)
            {
                await Task.Delay(50);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"emu's monitor did not listen at {endpoint} (exited: {_process.HasExited}, stderr: {StandardError})", e);
            }
        }
    }

    /// <summary>Waits until the process is gone and returns its exit status.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(QmpClient.Timeout);
        await _readers.WaitAsync(QmpClient.Timeout);
        return _process.ExitCode;
    }

    /// <summary>Writes to the process's standard input (a <c>-qmp stdio</c> monitor) and leaves it open.</summary>
    public async Task WriteInputAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until standard output holds <paramref name="text"/>, or fails once the process ended or a minute passed.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, $"emu ended before printing {text}: {StandardError}");
            Assert.True(waited.Elapsed < QmpClient.Timeout, $"no {text} on standard output: {Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>Sends a POSIX signal (SIGTERM: 15) to the process.</summary>
    public void Signal(string name)
    {
        using Process kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static MonitoredEmu Launch(string program, string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo start = new(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        return new MonitoredEmu(Process.Start(start)!);
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder into)
    {
        char[] buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }
}
