using System.Diagnostics;
using System.Text;

namespace Emu.Guest.Tests;

/// <summary>
/// The Debian Linux guests of shared/guests booted by the real <c>emu</c> program, judged by the
/// <c>EMU-*</c> lines their initramfs prints on COM1 (shared/guests/README.md, "What a Linux boot
/// prints"). The expected checksums come from the images' MANIFEST.txt, so a rebuilt image set
/// with another kernel is judged by its own figures.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LinuxBootTests
{
    // A guard against a hung run only: a boot takes minutes under an interpreter on a busy host.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(25);

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public void HardDiskWithTheCdAttachedRunsTheWholeTestScript()
    {
        using TempDirectory dir = new();
        string disk = GuestImages.CopyTo("linux-hd.img", dir.Path);
        string cd = GuestImages.CopyTo("linux-cd.iso", dir.Path);

        (int exitCode, string output) = Boot(
            dir.Path,
            "-drive", $"file={disk},format=raw,if=ide,index=0",
            "-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom",
            "-boot", "c");

        Assert.Equal(0, exitCode);
        Assert.Contains("SYSLINUX 6.04", output);
        Assert.Contains("Loading /boot/initrd.img...ok", output);
        AssertTestScriptPassed(output);
        Assert.Contains("\nEMU-DISKS: sda sr0\r", output);
        Assert.Contains(ExpectedLine("EMU-MD5 sda "), output);
        Assert.Contains(ExpectedLine("EMU-MD5 sr0 "), output);
        Assert.Contains("\nEMU-CDROM-OK: ", output);
        Assert.Contains("EMU-CMDLINE: BOOT_IMAGE=/boot/vmlinuz console=ttyS0,115200 initrd=/boot/initrd.img", output);
    }

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public void ElToritoCdAloneRunsTheWholeTestScript()
    {
        using TempDirectory dir = new();
        string cd = GuestImages.CopyTo("linux-cd.iso", dir.Path);

        (int exitCode, string output) = Boot(dir.Path, "-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom", "-boot", "d");

        Assert.Equal(0, exitCode);
        Assert.Contains("ISOLINUX 6.04", output);
        AssertTestScriptPassed(output);
        Assert.Contains("\nEMU-DISKS: sr0\r", output);
        Assert.Contains(ExpectedLine("EMU-MD5 sr0 "), output);
        Assert.Contains("\nEMU-CDROM-OK: ", output);
    }

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public void DirectKernelBootWithAnEmptyCdDriveRunsTheWholeTestScript()
    {
        using TempDirectory dir = new();
        string kernel = GuestImages.CopyTo("vmlinuz", dir.Path);
        string initrd = GuestImages.CopyTo("initrd.img", dir.Path);

        // The empty drive QEMU's pc machine has by default, given explicitly.
        (int exitCode, string output) = Boot(
            dir.Path,
            "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0,115200",
            "-device", "ide-cd,bus=ide.1,unit=0");

        Assert.Equal(0, exitCode);
        AssertTestScriptPassed(output);
        Assert.Contains("\nEMU-CMDLINE: console=ttyS0,115200\r", output);
        Assert.Contains("\nEMU-DISKS: sr0\r", output);
        Assert.Contains("\nEMU-MD5 sr0 sector0=d41d8cd98f00b204e9800998ecf8427e first64k=d41d8cd98f00b204e9800998ecf8427e\r", output);
        Assert.Contains("\nEMU-CDROM-MOUNT-FAILED sr0\r", output);
    }

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
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emu.dll"));
        foreach (string arg in (string[])["-m", "128", "-display", "none", "-serial", "stdio", "-no-reboot", .. drives])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        using MemoryStream stdout = new();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            copy.Wait();
            Assert.Fail($"the guest did not end within {Limit.TotalMinutes} minutes; COM1 so far:\n{Encoding.Latin1.GetString(stdout.ToArray())}");
        }

        copy.Wait();
        string output = Encoding.Latin1.GetString(stdout.ToArray());
        Assert.True(process.ExitCode == 0, $"emu exited with {process.ExitCode}: {stderr.Result}\nCOM1:\n{output}");
        return (process.ExitCode, output);
    }
}
