using Emu.Core.Machine;
using Emu.Guest.Tests.Ide;

namespace Emu.Guest.Tests.Floppy;

/// <summary>
/// firmware/tests/fdc.asm booted in-process: a guest driver's view of the floppy controller and
/// ISA DMA channel 2 through the ports, reporting on the debug console (port E9h). The values are
/// QEMU 7.2's (the same program runs side by side with QEMU in <see cref="FdcQemuComparisonTests"/>).
/// </summary>
public sealed class FdcGuestProgramTests
{
    private const long InstructionLimit = 2_000_000_000;

    [Fact]
    public void ControllerAnswersLikeQemusAndWritesDriveB()
    {
        using TempDirectory dir = new();
        string scratch = FloppyMedia.Scratch(dir.Path, "b.img");
        string[] values = Boot(dir, scratch);

        Assert.Contains("VAL sense-reset-0 C0 00 msr 80", values);
        Assert.Contains("VAL sense-reset-3 C3 00 msr 80", values);
        Assert.Contains("VAL sense-nothing-pending 80 msr 80", values);
        Assert.Contains("VAL version 90 msr 80", values);
        Assert.Contains("VAL dumpreg-after-reset 00 00 00 00 0A 03 12 00 60 00 msr 80", values); // SeaBIOS's SPECIFY AF 02
        Assert.Contains("VAL dumpreg-configured 00 00 00 00 0A 1F 12 8C 57 05 msr 80", values);
        Assert.Contains("VAL invalid-00 80 msr 80", values);
        Assert.Contains("VAL dir-a-at-start 80", values);
        Assert.Contains("VAL dir-a-after-seek 00", values);
        Assert.Contains("VAL read-a-c1-r1 20 00 00 01 00 03 02 msr 80", values);
        Assert.Contains($"VAL read-a-c1-r1-data {Sum(36 * 512, 1024)}", values);
        Assert.Contains("VAL dma2-registers 0400 FFFF 02 FB", values);
        Assert.Contains("VAL read-a-multitrack 04 00 00 01 01 02 02 msr 80", values);
        Assert.Contains($"VAL read-a-multitrack-data {Sum((36 + 17) * 512, 1024)}", values);
        Assert.Contains("VAL write-protected 60 02 00 01 00 01 02 msr 80", values);
        Assert.Contains("VAL read-sector-19 40 80 00 01 00 13 02 msr 80", values);
        Assert.Contains("VAL read-track-90 40 00 00 5A 00 01 02 msr 80", values);
        Assert.Contains("VAL read-wrong-rate 40 01 00 01 00 01 02 msr 80", values);
        Assert.Contains("VAL dir-b-initial 80", values);
        Assert.Contains("VAL dir-b-after-seek 00", values);
        Assert.Contains("VAL write-b 05 00 00 05 01 04 02 msr 80", values);
        Assert.Contains("VAL read-back-b-data FF00 5A A5 A4 A7", values);
        Assert.Contains("VAL msr-non-dma F0", values);
        Assert.Contains("VAL read-non-dma-data FF00 5A A5 A4 A7", values);
        Assert.DoesNotContain(values, line => line.Contains("timeout", StringComparison.Ordinal) || line.Contains("refused", StringComparison.Ordinal));

        byte[] b = File.ReadAllBytes(scratch);
        int sector = ((((5 * 2) + 1) * 36) + 2) * 512;
        for (int i = 0; i < 512; i++)
        {
            Assert.Equal((byte)((512 - i) ^ 0x5A), b[sector + i]);
        }

        Assert.Equal(0, b[sector - 1]);
        Assert.Equal(0, b[sector + 512]);
    }

    [Fact]
    public void EmptyDriveBEndsEveryTransferAbnormally()
    {
        using TempDirectory dir = new();
        string[] values = Boot(dir, scratch: null);

        Assert.Contains("VAL dir-b-after-seek 80", values);
        Assert.Contains("VAL sense-drive-b 6D msr 80", values);
        Assert.Contains("VAL write-b 45 00 00 05 01 03 02 msr 80", values);
        Assert.Contains("VAL read-back-b 45 00 00 05 01 03 02 msr 80", values);
        Assert.Contains("VAL read-id-b 41 01 00 05 00 02 02 msr 80", values);
    }

    private static string Sum(int offset, int length)
    {
        int sum = 0;
        for (int i = 0; i < length; i++)
        {
            sum += FloppyMedia.PatternAt(offset + i);
        }

        return $"{sum & 0xFFFF:X4} {FloppyMedia.PatternAt(offset):X2} {FloppyMedia.PatternAt(offset + 1):X2} {FloppyMedia.PatternAt(offset + 2):X2} {FloppyMedia.PatternAt(offset + 3):X2}";
    }

    private static string[] Boot(TempDirectory dir, string? scratch)
    {
        string floppy = FloppyMedia.ProgramFloppy(dir.Path);
        string[] args = ["-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio", .. FloppyMedia.Drives(floppy, scratch)];
        using InProcessPc pc = new(args);
        MachineStopReason reason = pc.Machine.Run(InstructionLimit);
        Assert.True(reason == MachineStopReason.HaltedForever, $"fdc stopped with {reason}: {pc.Output}");
        Assert.EndsWith("DONE\n", pc.Output);
        Assert.DoesNotContain("FAIL ", pc.Output);
        return IdeMedia.Lines(pc.Output, "VAL ");
    }
}
