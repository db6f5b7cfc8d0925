using Emu.Guest.Tests.Ide;

namespace Emu.Guest.Tests.ElTorito;

/// <summary>
/// El Torito floppy and hard-disk emulation side by side with QEMU 7.2 + SeaBIOS 1.16.2: CDs
/// built by xorriso boot firmware/tests/eltorito.asm with <c>-boot d</c>, which prints the boot
/// drive, AH=4B01h's packet, AH=08h/15h/41h on the emulated drive and on the real drive it moved
/// up, CHS reads of tagged sectors, and the drive after AH=4B00h; every line must be the same.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ElToritoQemuComparisonTests
{
    [Theory]
    [InlineData(1_228_800, "VAL 4b01-packet 13 01 00 01")]
    [InlineData(1_474_560, "VAL 4b01-packet 13 02 00 01")]
    [InlineData(2_949_120, "VAL 4b01-packet 13 03 00 01")]
    public void FloppyEmulationPrintsTheSameUnderQemuAndEmu(int imageBytes, string packetStart)
    {
        using TempDirectory dir = new();
        string cd = ElToritoMedia.FloppyCd(dir.Path, imageBytes);
        string floppy = ElToritoMedia.RealDrive(dir.Path, "real.flp", 1_474_560);
        string[] drives = ["-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom", "-drive", $"file={floppy},format=raw,if=floppy,readonly=on"];

        string qemu = QemuRun.DebugConsole(dir.Path, ["-boot", "d", .. drives]);
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, ["-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio", "-boot", "d", .. drives]);

        Assert.Contains("VAL boot-drive 00\n", qemu);
        Assert.Contains(packetStart, qemu);
        // Sector 1 of head 1 is the image's LBA = sectors per track; the moved-up drive is the real floppy.
        Assert.Contains("VAL read-moved-tags 4C414552/AA55", qemu);
        Assert.Equal(qemu, emu.Output);
        Assert.DoesNotContain("not supported", emu.StandardError);
    }

    [Fact]
    public void HardDiskEmulationPrintsTheSameUnderQemuAndEmu()
    {
        using TempDirectory dir = new();
        string cd = ElToritoMedia.HardDiskCd(dir.Path);
        string disk = ElToritoMedia.RealDrive(dir.Path, "real.img", 1 << 20);
        string[] drives = ["-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom", "-drive", $"file={disk},format=raw,if=ide,index=0"];

        string qemu = QemuRun.DebugConsole(dir.Path, ["-boot", "d", .. drives]);
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, ["-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio", "-boot", "d", .. drives]);

        Assert.Contains("VAL boot-drive 80\n", qemu);
        Assert.Contains("VAL 4b01-packet 13 04 80 01", qemu);
        Assert.Contains($"VAL read-c0h1s1-tags {ElToritoMedia.DiskSectors:X8}/AA55", qemu);
        Assert.Equal(qemu, emu.Output);
        Assert.DoesNotContain("not supported", emu.StandardError);
    }
}
