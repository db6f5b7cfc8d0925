using System.Diagnostics;

namespace Emu.Guest.Tests.Ide;

/// <summary>
/// Runs a guest under qemu-system-i386 (the reference, spec README) with its debug console in a
/// file, until the guest reports DONE; QEMU does not end by itself when the guest halts.
/// </summary>
internal static class QemuRun
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static string DebugConsole(string directory, params string[] args)
    {
        string output = Path.Combine(directory, "qemu-debugcon.txt");
        return UntilDone(directory, output, ["-debugcon", $"file:{output}", .. args]);
    }

    /// <summary>Whether qemu-system-i386 is on the PATH (tests that compare with it say so when it is not).</summary>
    public static bool IsInstalled =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "qemu-system-i386")));

    /// <summary>Runs QEMU's pc machine (-nodefaults, no display) with <paramref name="args"/> until <paramref name="output"/> ends with "DONE".</summary>
    public static string UntilDone(string directory, string output, params string[] args) =>
        Until(directory, output, text => text.EndsWith("DONE\n", StringComparison.Ordinal), args);

    /// <summary>Runs QEMU's pc machine (-nodefaults, no display) with <paramref name="args"/> until <paramref name="output"/> satisfies <paramref name="done"/>.</summary>
    public static string Until(string directory, string output, Func<string, bool> done, params string[] args)
    {
        ProcessStartInfo start = new("qemu-system-i386")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-machine", "pc", "-nodefaults", "-display", "none", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Stopwatch waited = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                string text = File.Exists(output) ? File.ReadAllText(output) : string.Empty;
                if (done(text))
                {
                    return text;
                }

                if (process.HasExited || waited.Elapsed > Limit)
                {
                    Assert.Fail($"qemu-system-i386 did not get there (exited: {process.HasExited}): {text} {(process.HasExited ? stderr.Result : string.Empty)}");
                }

                Thread.Sleep(50);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }
    }
}
