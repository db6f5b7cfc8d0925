namespace Emu.Guest.Tests.Ide;

/// <summary>
/// The IDE guest programs run side by side under qemu-system-i386 (QEMU 7.2 with SeaBIOS) and the
/// emu program with the same command line: every line they print (IDENTIFY words that must match,
/// register values, sense data, the READ CAPACITY answer, ...) and the disk they write must be the same.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class IdeQemuComparisonTests
{
    [Fact]
    public void AtaProgramPrintsTheSameUnderQemuAndEmu()
    {
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, "ata");
        string qemuDisk = IdeMedia.Disk(dir.Path, "qemu.img");
        string emuDisk = IdeMedia.Disk(dir.Path, "emu.img");
        string qemu = QemuRun.DebugConsole(dir.Path, "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on",
            "-drive", $"file={qemuDisk},format=raw,if=ide,index=0");
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, "-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio",
            "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on", "-drive", $"file={emuDisk},format=raw,if=ide,index=0");

        Assert.Contains("VAL id-0 0040", qemu);
        Assert.Equal(qemu, emu.Output);
        Assert.Equal(File.ReadAllBytes(qemuDisk), File.ReadAllBytes(emuDisk));
    }

    /// <summary>
    /// busmaster.asm's PRD cases (spec ide-atapi-bios.md A.9: exact, longer, shorter, byte count 0,
    /// split, out of range, READ DMA EXT, WRITE DMA, started before the command, never started,
    /// bus mastering off in PCI): the bus-master and IDE registers, where the bytes landed, and
    /// the disk written, all as QEMU's.
    /// </summary>
    [Fact]
    public void BusMasterProgramPrintsTheSameUnderQemuAndEmu()
    {
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, "busmaster");
        string qemuDisk = IdeMedia.Disk(dir.Path, "qemu.img");
        string emuDisk = IdeMedia.Disk(dir.Path, "emu.img");
        string qemu = QemuRun.DebugConsole(dir.Path, "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on",
            "-drive", $"file={qemuDisk},format=raw,if=ide,index=0");
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, "-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio",
            "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on", "-drive", $"file={emuDisk},format=raw,if=ide,index=0");

        Assert.Contains("VAL exact-bm 04", qemu);
        Assert.Contains("VAL split-bytes 6B 6B 11 00 00 11 11", qemu);
        Assert.Equal(qemu, emu.Output);
        Assert.Equal(File.ReadAllBytes(qemuDisk), File.ReadAllBytes(emuDisk));
    }

    /// <summary>The drive as <c>-drive</c> makes it, and as <c>-device ide-cd</c> with the IDENTIFY properties.</summary>
    [Theory]
    [InlineData("if=ide,index=2,media=cdrom", null)]
    [InlineData("if=none,id=cd,media=cdrom", "ide-cd,drive=cd,bus=ide.1,unit=0,serial=SER123,model=My CD model,ver=9.8,wwn=0x1122334455667788")]
    public void AtapiProgramPrintsTheSameUnderQemuAndEmu(string drive, string? device)
    {
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, "atapi");
        string cd = IdeMedia.Cd(dir.Path);
        string[] drives = device is null
            ? ["-drive", $"file={cd},format=raw,{drive}"]
            : ["-drive", $"file={cd},format=raw,{drive}", "-device", device];
        string qemu = QemuRun.DebugConsole(dir.Path, ["-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on", .. drives]);
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, ["-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio",
            "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw,readonly=on", .. drives]);

        Assert.Contains("VAL read-capacity-data 00 00 01 FF 00 00 08 00", qemu);
        if (device is not null)
        {
            Assert.Contains("VAL id-108 1122", qemu); // the wwn reached IDENTIFY PACKET
        }

        Assert.Equal(qemu, emu.Output);
    }
}
