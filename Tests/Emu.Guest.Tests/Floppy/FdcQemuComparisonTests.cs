using Emu.Guest.Tests.Ide;

namespace Emu.Guest.Tests.Floppy;

/// <summary>
/// firmware/tests/fdc.asm side by side under qemu-system-i386 (QEMU 7.2 with SeaBIOS) and the emu
/// program with the same drives: every line the program prints about the floppy controller and DMA
/// must be the same, and so must the scratch floppy it writes.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class FdcQemuComparisonTests
{
    [Fact]
    public void FdcProgramPrintsTheSameUnderQemuAndEmu()
    {
        using TempDirectory dir = new();
        string floppy = FloppyMedia.ProgramFloppy(dir.Path);
        string qemuB = FloppyMedia.Scratch(dir.Path, "qemu-b.img");
        string emuB = FloppyMedia.Scratch(dir.Path, "emu-b.img");
        string qemu = QemuRun.DebugConsole(dir.Path, FloppyMedia.Drives(floppy, qemuB));
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, ["-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio", .. FloppyMedia.Drives(floppy, emuB)]);

        Assert.Contains("VAL write-b 05 00 00 05 01 04 02", qemu);
        Assert.Equal(qemu, emu.Output);
        Assert.Equal(File.ReadAllBytes(qemuB), File.ReadAllBytes(emuB));
    }

    [Fact]
    public void FdcProgramWithAnEmptyDriveBPrintsTheSameUnderQemuAndEmu()
    {
        using TempDirectory dir = new();
        string floppy = FloppyMedia.ProgramFloppy(dir.Path);
        string qemu = QemuRun.DebugConsole(dir.Path, FloppyMedia.Drives(floppy, scratch: null));
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, ["-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio", .. FloppyMedia.Drives(floppy, scratch: null)]);

        Assert.Contains("VAL dir-b-after-seek 80", qemu);
        Assert.Equal(qemu, emu.Output);
    }
}
