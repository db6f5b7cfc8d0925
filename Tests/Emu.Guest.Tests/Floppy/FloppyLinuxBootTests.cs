using System.Diagnostics;
using System.Text;

namespace Emu.Guest.Tests.Floppy;

/// <summary>
/// Linux's own floppy driver (the initramfs loads <c>floppy</c> with <c>emu.floppy=1</c>) on Emu's
/// controller and DMA, side by side with QEMU's run of the same command line: the same fd0 checksum
/// line, on a 2.88 MB scratch floppy the 1 MiB the guest writes (shared/guests/README.md), and on
/// a read-only 1.44 MB one the write the guest is refused.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class FloppyLinuxBootTests
{
    private static readonly TimeSpan QemuLimit = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public void LinuxReadsAndWritesATwoPointEightyEightMegabyteFloppy()
    {
        using TempDirectory dir = new();
        string emuImage = ScratchFloppy(dir.Path, "emu.img", FloppyMedia.Bytes288);
        string qemuImage = ScratchFloppy(dir.Path, "qemu.img", FloppyMedia.Bytes288);
        byte[] before = File.ReadAllBytes(emuImage);

        string emu = BootEmu(dir.Path, emuImage);
        string qemu = BootQemu(dir.Path, qemuImage);

        Assert.Contains("\nEMU-MODULE floppy loaded\r", emu);
        Assert.Contains("\nEMU-DISKS: fd0", emu);
        Assert.Equal(Line(qemu, "EMU-MD5 fd0 "), Line(emu, "EMU-MD5 fd0 "));
        Assert.Equal(Line(qemu, "EMU-WROTE fd0 "), Line(emu, "EMU-WROTE fd0 "));
        Assert.Equal("EMU-WROTE fd0 offset=1048576 bytes=1048576 md5=622d4a0de1aae71036b742fd64800003", Line(emu, "EMU-WROTE fd0 "));

        byte[] after = File.ReadAllBytes(emuImage);
        byte[] pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("EMU-WRITE-PATTERN\n", (1 << 20) / 18 + 1)))[..(1 << 20)];
        Assert.Equal(pattern, after[(1 << 20)..(2 << 20)]);
        Assert.Equal(before[..(1 << 20)], after[..(1 << 20)]);
        Assert.Equal(before[(2 << 20)..], after[(2 << 20)..]);
    }

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public void LinuxReadsAReadOnlyOnePointFourFourMegabyteFloppyAndCannotWriteIt()
    {
        using TempDirectory dir = new();
        string emuImage = ScratchFloppy(dir.Path, "emu.img", FloppyMedia.Bytes144);
        string qemuImage = ScratchFloppy(dir.Path, "qemu.img", FloppyMedia.Bytes144);
        byte[] before = File.ReadAllBytes(emuImage);

        // readonly=on: the guest's write hits the write-protected medium (ST1 NW) and fails in both.
        string emu = BootEmu(dir.Path, emuImage, readOnly: true);
        string qemu = BootQemu(dir.Path, qemuImage, readOnly: true);

        Assert.Contains("\nEMU-MODULE floppy loaded\r", emu);
        Assert.Contains("\nEMU-DISKS: fd0", emu);
        Assert.Equal(Line(qemu, "EMU-MD5 fd0 "), Line(emu, "EMU-MD5 fd0 "));
        Assert.Equal(Line(qemu, "EMU-WRITE-FAILED fd0"), Line(emu, "EMU-WRITE-FAILED fd0"));
        Assert.DoesNotContain("EMU-WROTE fd0", emu);
        Assert.Equal(before, File.ReadAllBytes(emuImage));
    }

    /// <summary>A floppy image whose sector 0 starts with EMU-SCRATCH, the rest a byte pattern.</summary>
    private static string ScratchFloppy(string directory, string name, int bytes)
    {
        byte[] image = new byte[bytes];
        for (int i = 512; i < bytes; i++)
        {
            image[i] = (byte)((i * 7) + 3);
        }

        "EMU-SCRATCH"u8.CopyTo(image);
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, image);
        return path;
    }

    private static string[] CommandLine(string image, bool readOnly)
    {
        string kernel = GuestImages.Require("vmlinuz");
        string initrd = GuestImages.Require("initrd.img");
        return ["-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0,115200 emu.floppy=1", "-drive", $"file={image},format=raw,if=floppy{(readOnly ? ",readonly=on" : string.Empty)}"];
    }

    private static string BootEmu(string directory, string image, bool readOnly = false)
    {
        (int exitCode, string output) = LinuxGuest.Boot(directory, CommandLine(image, readOnly));
        Assert.Equal(0, exitCode);
        LinuxGuest.AssertTestScriptPassed(output);
        return output;
    }

    /// <summary>QEMU 7.2's run of the same command line (the reference; it powers off by itself).</summary>
    private static string BootQemu(string directory, string image, bool readOnly = false)
    {
        ProcessStartInfo start = new("qemu-system-i386")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-machine", "pc", "-accel", "tcg", "-m", "128", "-display", "none", "-serial", "stdio", "-no-reboot", .. CommandLine(image, readOnly)])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(QemuLimit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"qemu-system-i386 did not power off within {QemuLimit.TotalMinutes} minutes: {stdout.Result}");
        }

        string output = stdout.Result;
        Assert.Contains("\nEMU-TEST-DONE", output);
        return output;
    }

    /// <summary>The COM1 line that starts with <paramref name="prefix"/>, without its line end.</summary>
    private static string Line(string output, string prefix)
    {
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no '{prefix}...' line in:\n{output}");
        return line.TrimEnd('\r');
    }
}
