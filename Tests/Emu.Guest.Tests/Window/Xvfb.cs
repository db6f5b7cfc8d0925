using System.Diagnostics;

namespace Emu.Guest.Tests.Window;

/// <summary>
/// A private X server (Debian xvfb) on a display number it picks itself (<c>-displayfd</c>, so no
/// fixed number can clash with another test or user), 1024x768x24, killed on dispose.
/// </summary>
internal sealed class Xvfb : IDisposable
{
    private readonly Process _process;

    private Xvfb(Process process, string display)
    {
        _process = process;
        Display = display;
    }

    /// <summary>The display name to put in $DISPLAY, e.g. ":5".</summary>
    public string Display { get; }

    public static async Task<Xvfb> StartAsync()
    {
        ProcessStartInfo start = new("Xvfb", ["-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        string? number = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(string.IsNullOrWhiteSpace(number), "Xvfb did not report its display number (is Debian's xvfb installed? tools/setup.sh installs it)");
        return new Xvfb(process, ":" + number!.Trim());
    }

    /// <summary>Runs an X client (xdotool, xwd) on this display; returns its standard output, failing the test on a non-zero exit.</summary>
    public async Task<byte[]> RunAsync(string program, params string[] args)
    {
        ProcessStartInfo start = new(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DISPLAY"] = Display;
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        using MemoryStream output = new();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await copy;
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        return output.ToArray();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
