using System.Diagnostics;
using System.Text;

namespace Emu.Guest.Tests;

/// <summary>
/// The Linux guest on the pc machine (i440FX, PIIX3, bus-master IDE): the kernel drives the disks
/// and the CD through ata_piix in multiword DMA, as on <c>qemu-system-i386 -machine pc
/// -nic none</c> (with its default standard VGA at 00:02.0) (spec pc-pci-acpi.md section 4), and the data it reads and writes by DMA is right.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class PcMachineLinuxTests
{
    /// <summary>QEMU's lines for these drives; the PIIX4 power-management function (00:01.3) is compared only where Emu has it.</summary>
    private const string QemuPci = "EMU-PCI: 0000:00:00.0=8086:1237/- 0000:00:01.0=8086:7000/- 0000:00:01.1=8086:7010/ata_piix 0000:00:01.3=8086:7113/- 0000:00:02.0=1234:1111/-";

    /// <summary>The scratch disk raw, and as a qcow2 image that qemu-img made and reads back afterwards.</summary>
    [Theory]
    [Trait("Tier", "SlowGuest")]
    [InlineData("raw")]
    [InlineData("qcow2")]
    public void DisksAndCdUseAtaPiixWithMultiwordDmaAndTheScratchWriteLands(string scratchFormat)
    {
        using TempDirectory dir = new();
        string disk = GuestImages.CopyTo("linux-hd.img", dir.Path);
        string cd = GuestImages.CopyTo("linux-cd.iso", dir.Path);
        string scratchRaw = Path.Combine(dir.Path, "scratch.img");
        using (FileStream file = File.Create(scratchRaw))
        {
            file.SetLength(4 << 20);
            file.Write("EMU-SCRATCH"u8);
        }

        string scratch = scratchRaw;
        if (scratchFormat == "qcow2")
        {
            scratch = Path.Combine(dir.Path, "scratch.qcow2");
            QemuImg("convert", "-f", "raw", "-O", "qcow2", scratchRaw, scratch);
            File.Delete(scratchRaw);
        }

        (int exitCode, string output) = LinuxGuest.Boot(
            dir.Path,
            "-machine", "pc",
            "-drive", $"file={disk},format=raw,if=ide,index=0",
            "-drive", $"file={scratch},format={scratchFormat},if=ide,index=1",
            "-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom",
            "-boot", "c");

        Assert.Equal(0, exitCode);
        LinuxGuest.AssertTestScriptPassed(output);
        string pci = output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith("EMU-PCI: ", StringComparison.Ordinal));
        string expected = pci.Contains("00:01.3", StringComparison.Ordinal) ? QemuPci : QemuPci.Replace(" 0000:00:01.3=8086:7113/-", string.Empty, StringComparison.Ordinal);
        Assert.Equal(expected, pci);
        Assert.Contains("\nEMU-ATA-HOSTS: host0=ata_piix host1=ata_piix\r", output);
        Assert.Contains("\nEMU-ATA-MODE dev1.0 XFER_MW_DMA_2\r", output);
        Assert.Contains("\nEMU-ATA-MODE dev1.1 XFER_MW_DMA_2\r", output);
        Assert.Contains("\nEMU-ATA-MODE dev2.0 XFER_MW_DMA_2\r", output);
        Assert.Contains("\nEMU-ATA-MODE dev2.1 XFER_PIO_SLOW\r", output);
        Assert.Contains(LinuxGuest.ExpectedLine("EMU-MD5 sda "), output);
        Assert.Contains(LinuxGuest.ExpectedLine("EMU-MD5 sr0 "), output);
        Assert.Contains("\nEMU-WROTE sdb offset=1048576 bytes=1048576 md5=622d4a0de1aae71036b742fd64800003\r", output);

        byte[] pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("EMU-WRITE-PATTERN\n", (1 << 20) / 18 + 1)))[..(1 << 20)];
        if (scratchFormat == "qcow2")
        {
            QemuImg("check", scratch);
            QemuImg("convert", "-f", "qcow2", "-O", "raw", scratch, scratchRaw);
        }

        byte[] written = File.ReadAllBytes(scratchRaw)[(1 << 20)..(2 << 20)];
        Assert.Equal(pattern, written);
    }

    private static void QemuImg(params string[] args)
    {
        ProcessStartInfo start = new("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"qemu-img {string.Join(' ', args)}: {output}");
    }
}
