using Emu.Core.Machine;
using Emu.Devices.Input;

namespace Emu.Guest.Tests;

/// <summary>
/// The guest programs of firmware/tests, booted in-process from a floppy as the emu program
/// builds the PC; each checks a BIOS service, device or interrupt path from inside the guest and
/// reports "PASS name" / "FAIL name" lines and "DONE" on the debug console (port E9h).
/// </summary>
public sealed class GuestProgramTests
{
    private const long InstructionLimit = 2_000_000_000;

    [Fact]
    public void SelfModifyingCodeRunsTheNewBytes() =>
        AssertPasses(Boot("smc"), "smc-immediate", "smc-same-block", "smc-copied-code", "smc-copied-code-rewritten");

    [Fact]
    public void ExceptionsAndSoftwareInterruptsGoThroughTheIvt() =>
        AssertPasses(Boot("exceptions"), "de-delivered", "de-faulting-ip", "ud-delivered", "ud-faulting-ip", "int3-delivered",
            "int3-next-ip", "into-overflow", "into-no-overflow", "int-n-handler", "int12-memory");

    [Fact]
    public void A20GateWrapsAndUnwraps() =>
        AssertPasses(Boot("a20"), "a20-on-at-boot", "a20-on-no-wrap", "a20-disable-call", "a20-off-wraps", "a20-query-off",
            "a20-enable-again", "port92-off-wraps", "port92-on-no-wrap", "a20-support");

    [Fact]
    public void UartLoopbackEchoesAndMirrorsModemLines() =>
        AssertPasses(Boot("uart"), "bda-com1", "loopback-msr", "loopback-data-ready", "loopback-byte", "loopback-drained", "int14-status");

    [Fact]
    public void MemoryMapMatchesQemuFor128MiB() =>
        AssertPasses(Boot("memory"), "int12-639k", "int15-88-capped", "e801-below-16m", "e801-above-16m", "e820-six-entries",
            "e820-ram-above-1m-base", "e820-ram-above-1m-length", "e820-ram-type", "e820-ebda-reserved", "e820-ebda-type");

    [Fact]
    public void PitInterruptRateMatchesTheRtc()
    {
        string report = Boot("pit_rtc");
        AssertPasses(report, "pit-rate-low-bound", "pit-rate-high-bound", "int1a-ticks-match-bda", "pit-counter-moves");
    }

    [Fact]
    public void InjectedKeysArriveThroughIrq1AndInt16()
    {
        string report = Boot("keyboard", onReady: pc =>
        {
            Ps2Keyboard keyboard = pc.Machine.KeyboardController.Keyboard;
            keyboard.TypeText("a");
            keyboard.PressKey(KeyCode.LeftShift);
            keyboard.TypeText("b");
            keyboard.ReleaseKey(KeyCode.LeftShift);
            keyboard.TypeText("\n");
        });
        AssertPasses(report, "buffer-empty-at-start", "key-a", "key-shift-b", "key-enter", "shift-released");
    }

    [Fact]
    public void FloppyAndHardDiskReadsAndWritesReachTheImages()
    {
        using TempDirectory dir = new();
        byte[] disk = new byte[1 << 20];
        disk.AsSpan(5 * 512, 512).Fill(0x6B);
        string diskPath = Path.Combine(dir.Path, "disk.img");
        File.WriteAllBytes(diskPath, disk);

        string report = Boot("disk", dir, floppy => floppy.AsSpan(20 * 512, 512).Fill(0x5A), "-drive", $"file={diskPath},format=raw,if=ide,index=0");

        AssertPasses(report, "floppy-read", "floppy-read-data", "floppy-write", "floppy-write-read-back", "floppy-bad-sector",
            "disk-params", "disk-count", "disk-edd-present", "disk-ext-read", "disk-ext-read-data", "disk-ext-write", "disk-chs-read");
        byte[] floppy = File.ReadAllBytes(Path.Combine(dir.Path, "disk.floppy"));
        Assert.All(floppy.AsSpan(21 * 512, 512).ToArray(), b => Assert.Equal(0xC3, b));
        byte[] written = File.ReadAllBytes(diskPath);
        Assert.All(written.AsSpan(6 * 512, 512).ToArray(), b => Assert.Equal(0x77, b));
    }

    private static string Boot(string program, Action<InProcessPc>? onReady = null)
    {
        using TempDirectory dir = new();
        return Boot(program, dir, null, [], onReady);
    }

    private static string Boot(string program, TempDirectory dir, Action<byte[]>? prepare, params string[] extra) =>
        Boot(program, dir, prepare, extra, null);

    private static string Boot(string program, TempDirectory dir, Action<byte[]>? prepare, string[] extra, Action<InProcessPc>? onReady)
    {
        byte[] floppy = new byte[1_474_560];
        GuestImages.TestProgram(program).CopyTo(floppy, 0);
        prepare?.Invoke(floppy);
        string path = Path.Combine(dir.Path, program == "disk" ? "disk.floppy" : program + ".img");
        File.WriteAllBytes(path, floppy);
        string[] args = ["-drive", $"file={path},format=raw,if=floppy", "-boot", "a", "-m", "128", "-display", "none", "-serial", "null",
            "-debugcon", "stdio", "-no-reboot", .. extra];
        using InProcessPc pc = new(args);
        MachineStopReason reason;
        if (onReady is not null)
        {
            do
            {
                reason = pc.Machine.Run(pc.Machine.Cpu.InstructionCount + 1_000_000);
            }
            while (reason == MachineStopReason.InstructionLimit && !pc.Output.Contains("READY\n", StringComparison.Ordinal)
                && pc.Machine.Cpu.InstructionCount < InstructionLimit);
            onReady(pc);
        }

        reason = pc.Machine.Run(InstructionLimit);
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
