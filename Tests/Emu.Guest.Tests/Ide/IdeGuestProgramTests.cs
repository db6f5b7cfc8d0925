using Emu.Core.Machine;

namespace Emu.Guest.Tests.Ide;

/// <summary>
/// The IDE guest programs (firmware/tests/ata.asm, atapi.asm) booted in-process: a driver's view of
/// the disk and CD-ROM through the ports, reporting on the debug console (port E9h).
/// </summary>
public sealed class IdeGuestProgramTests
{
    private const long InstructionLimit = 500_000_000;

    [Fact]
    public void AtaProgramIdentifiesReadsAndWritesThePrimaryMaster()
    {
        using TempDirectory dir = new();
        string disk = IdeMedia.Disk(dir.Path);
        string report = Boot(dir, "ata", "-drive", $"file={disk},format=raw,if=ide,index=0");

        AssertPasses(report, "identify-irq14", "identify-fixed-disk", "identify-model", "read-lba5-data", "write-read-back",
            "read-ext-lba7-data", "read-multiple-data", "chs-read-data");
        string[] values = IdeMedia.Lines(report, "VAL ");
        Assert.Contains("VAL id-0 0040", values);
        Assert.Contains("VAL id-1 0002", values);       // 1 MiB: 2048 / 1008 clamped to 2 cylinders (C.2)
        Assert.Contains("VAL id-60 0800", values);      // 2048 sectors
        Assert.Contains("VAL id-47 8010", values);
        Assert.Contains("VAL identify-status 58", values);
        Assert.Contains("VAL read-multiple-second-block 58", values);
        Assert.Contains("VAL out-of-range-status 41", values);
        Assert.Contains("VAL out-of-range-error 04", values);
        Assert.Contains("VAL absent-slave-status 00", values);
        Assert.Contains("VAL srst-error 01", values);
        Assert.Contains("VAL srst-status 50", values);
        byte[] written = File.ReadAllBytes(disk);
        Assert.All(written.AsSpan(6 * 512, 512).ToArray(), b => Assert.Equal(0x77, b));
        Assert.Equal(0x6B, written[5 * 512]);
    }

    [Fact]
    public void AtapiProgramTalksToTheSecondaryMasterCdrom()
    {
        using TempDirectory dir = new();
        string cd = IdeMedia.Cd(dir.Path);
        string report = Boot(dir, "atapi", "-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom");

        AssertPasses(report, "identify-packet-word0", "read-capacity-last-block", "read10-lba16-data", "read10-one-block");
        string[] values = IdeMedia.Lines(report, "VAL ");
        Assert.Contains("VAL device-reset 00 01 01 14 EB A0 00", values);
        Assert.Contains("VAL identify-device 04 01 01 14 EB A0 41", values);
        Assert.Contains("VAL inquiry-data 05 80 00 21 1F 00 00 00 51 45 4D 55 20 20 20 20 51 45 4D 55 20 44 56 44 2D 52 4F 4D 20 20 20 20 32 2E 35 2B", values);
        Assert.Contains("VAL read-capacity-data 00 00 01 FF 00 00 08 00", values);
        Assert.Contains("VAL read10-past-end-regs 41 50 03", values);
        Assert.Contains("VAL sense-after-past-end-data F0 00 05 00 00 00 00 0A 00 00 00 00 21 00 00 00 00 00", values);
        Assert.Contains("VAL inquiry-limit-zero-regs 41 04 01", values);
        Assert.Contains("VAL eject-locked-regs 41 20 03", values);
    }

    private static string Boot(TempDirectory dir, string program, params string[] extra)
    {
        string floppy = IdeMedia.Floppy(dir.Path, program);
        string[] args = ["-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio", "-boot", "a",
            "-drive", $"file={floppy},if=floppy,format=raw", .. extra];
        using InProcessPc pc = new(args);
        MachineStopReason reason = pc.Machine.Run(InstructionLimit);
        Assert.True(reason == MachineStopReason.HaltedForever, $"{program} stopped with {reason}: {pc.Output}");
        return pc.Output;
    }

    private static void AssertPasses(string report, params string[] checks)
    {
        Assert.DoesNotContain("FAIL ", report);
        foreach (string check in checks)
        {
            Assert.Contains($"PASS {check}\n", report);
        }

        Assert.EndsWith("DONE\n", report);
    }
}
