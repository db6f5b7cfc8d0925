using System.Diagnostics;

namespace Emu.Monitor.Tests.Support;

/// <summary>A real <c>socat - ADDRESS</c> client: lines go to its stdin, the monitor's output comes from its stdout.</summary>
public sealed class Socat : IAsyncDisposable
{
    private readonly Process _process;

    private Socat(Process process)
    {
        _process = process;
    }

    public static Socat Start(string address)
    {
        ProcessStartInfo start = new("socat") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-t");
        start.ArgumentList.Add("5");
        start.ArgumentList.Add("-");
        start.ArgumentList.Add(address);
        Process process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new Socat(process);
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>One line up to LF, keeping a CR before it (StreamReader.ReadLine would hide it); null at EOF.</summary>
    public async Task<string?> ReadLineAsync()
    {
        System.Text.StringBuilder line = new();
        char[] one = new char[1];
        while (true)
        {
            int n = await _process.StandardOutput.ReadAsync(one, 0, 1).WaitAsync(QmpTestClient.Timeout);
            if (n == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (one[0] == '\n')
            {
                return line.ToString();
            }

            line.Append(one[0]);
        }
    }

    /// <summary>Closes socat's stdin (it half-closes the socket) and returns everything it printed until it exits.</summary>
    public async Task<string> FinishAsync()
    {
        _process.StandardInput.Close();
        string rest = await _process.StandardOutput.ReadToEndAsync().WaitAsync(QmpTestClient.Timeout);
        await _process.WaitForExitAsync().WaitAsync(QmpTestClient.Timeout);
        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
