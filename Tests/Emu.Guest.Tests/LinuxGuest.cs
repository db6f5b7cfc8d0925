namespace Emu.Guest.Tests;

/// <summary>
/// Boots the Debian Linux guests of shared/guests through the real <c>emu</c> program for the
/// xunit tests that need code around a boot (a side-by-side comparison with QEMU, an image checked
/// after the run); boots that only grep are cases of the regression corpus (corpus/corpus.json).
/// The guest is judged by the <c>EMU-*</c> lines its initramfs prints on COM1
/// (shared/guests/README.md); expected checksums come from the images' MANIFEST.txt.
/// </summary>
internal static class LinuxGuest
{
    // A guard against a hung run only: a boot takes minutes under an interpreter on a busy host.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(25);

    internal static void AssertTestScriptPassed(string output)
    {
        Assert.Contains("Linux version ", output);
        Assert.Contains("\nEMU-BOOT-OK ", output);
        Assert.Contains("\nEMU-TEST-DONE\r", output);
        Assert.DoesNotContain("Kernel panic", output);
        Assert.DoesNotContain("EMU-POWEROFF-FAILED", output);
        Assert.True(
            output.IndexOf("\nEMU-BOOT-OK ", StringComparison.Ordinal) < output.IndexOf("\nEMU-TEST-DONE", StringComparison.Ordinal),
            "EMU-TEST-DONE came before EMU-BOOT-OK");
    }

    /// <summary>The MANIFEST.txt line that starts with <paramref name="prefix"/>.</summary>
    internal static string ExpectedLine(string prefix)
    {
        string manifest = GuestImages.Require("MANIFEST.txt");
        string? line = File.ReadLines(manifest).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"{manifest} has no '{prefix}...' line");
        return line.Trim();
    }

    /// <summary>Runs emu headless with COM1 on stdout and 128 MiB, as the reference QEMU runs; returns the exit code and COM1.</summary>
    internal static (int ExitCode, string Output) Boot(string workingDirectory, params string[] drives)
    {
        EmuProcess.Result run = EmuProcess.Run(workingDirectory, Limit, ["-m", "128", "-display", "none", "-serial", "stdio", "-no-reboot", .. drives]);
        Assert.True(run.ExitCode == 0, $"emu exited with {run.ExitCode}: {run.StandardError}\nCOM1:\n{run.Output}");
        return (run.ExitCode, run.Output);
    }
}
