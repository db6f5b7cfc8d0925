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

    [Fact]
    public void ProtectedModeSegmentsExceptionsAndRing3MatchQemu()
    {
        string report = Boot("pm");
        AssertPasses(report, "pm-entered", "str-after-ltr", "ltr-marks-busy", "gp-beyond-gdt", "gp-beyond-gdt-code", "np-not-present",
            "gp-ss-read-only", "gp-ss-rpl", "gp-execute-only-data", "gp-null-ss", "gp-jmp-data", "call-16-bit-segment",
            "retf-from-16-bit", "lar-code", "lsl-data", "lar-beyond-gdt", "verr-readable-code", "verw-code", "verr-execute-only",
            "verw-data", "lar-tss", "arpl-raises", "arpl-value", "arpl-keeps", "de-vector", "de-faulting-eip", "ud-vector",
            "ud-faulting-eip", "df-contributory-pair", "ring3-port-e9", "iret-outer-nulls-ds", "ring3-cpl", "ring3-ss",
            "ring3-cli-gp", "ring3-out-bitmap-gp", "ring3-mov-cr0-gp", "ring3-int-dpl0-gp", "ring3-hlt-gp", "ring3-after-faults",
            "int-esp0-from-tss", "int-frame-cs", "int-frame-esp", "int-frame-ss");
        Assert.Equal(RunOnQemu("pm"), report);
    }

    /// <summary>Not compared with QEMU: its TCG does not check data-segment limits or rights (all of these pass there unchecked).</summary>
    [Fact]
    public void ProtectedModeLimitAndRightsChecks() =>
        AssertPasses(Boot("pmlimits"), "gp-null-use", "limited-segment-base", "gp-beyond-limit", "gp-expand-down-low",
            "expand-down-high-ok", "gp-write-read-only", "gp-write-code", "ss-beyond-limit");

    [Fact]
    public void PagingMatchesQemu()
    {
        string report = Boot("paging");
        AssertPasses(report, "paging-on", "identity-4k", "pse-4m-read", "pse-4m-write", "pt-4k-read", "pte-accessed-on-read",
            "pte-dirty-on-write", "pt-4k-write-reaches-frame", "pde-accessed", "pf-read-not-present", "pf-write-not-present",
            "wp0-supervisor-write", "wp1-supervisor-write-faults", "invlpg-new-mapping", "cr3-reload-new-mapping", "global-page-read",
            "split-write-first-page", "split-write-second-page", "split-read", "split-instruction", "pf-fetch", "pf-fetch-crossing",
            "user-read-user-page", "user-write-read-only", "user-read-supervisor", "user-read-absent");
        Assert.Equal(RunOnQemu("paging"), report);
    }

    /// <summary>
    /// Boots the same floppy in qemu-system-i386 and returns its port E9h output up to "DONE" (the
    /// program then halts with interrupts off, so QEMU is stopped once DONE arrives).
    /// </summary>
    internal static string RunOnQemu(string program, params string[] extra)
    {
        using TempDirectory dir = new();
        byte[] floppy = new byte[1_474_560];
        GuestImages.TestProgram(program).CopyTo(floppy, 0);
        string path = Path.Combine(dir.Path, program + ".img");
        File.WriteAllBytes(path, floppy);
        System.Diagnostics.ProcessStartInfo start = new("qemu-system-i386")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] qemuArgs =
        [
            "-drive", $"file={path},format=raw,if=floppy", "-boot", "a", "-m", "128", "-display", "none", "-serial", "null",
            "-debugcon", "stdio", "-no-reboot", .. extra,
        ];
        foreach (string arg in qemuArgs)
        {
            start.ArgumentList.Add(arg);
        }

        using System.Diagnostics.Process qemu = System.Diagnostics.Process.Start(start)!;
        qemu.ErrorDataReceived += (_, _) => { };
        qemu.BeginErrorReadLine();
        System.Text.StringBuilder output = new();
        try
        {
            Task<string> reading = Task.Run(() =>
            {
                while (qemu.StandardOutput.ReadLine() is { } line)
                {
                    output.Append(line).Append('\n');
                    if (line == "DONE")
                    {
                        break;
                    }
                }

                return output.ToString();
            });
            Assert.True(reading.Wait(TimeSpan.FromMinutes(2)), $"qemu-system-i386 did not finish {program}: {output}");
            return reading.Result;
        }
        finally
        {
            qemu.Kill(entireProcessTree: true);
            qemu.WaitForExit();
        }
    }

    private static string Boot(string program, Action<InProcessPc>? onReady = null)
    {
        using TempDirectory dir = new();
        return Boot(program, dir, null, [], onReady);
    }

    internal static string Boot(string program, TempDirectory dir, Action<byte[]>? prepare, params string[] extra) =>
        Boot(program, dir, prepare, extra, null);

    /// <summary>Boots the program like <see cref="Boot(string, TempDirectory, Action{byte[]}?, string[])"/>, then hands the halted machine to <paramref name="atEnd"/>.</summary>
    internal static string BootAndInspect(string program, TempDirectory dir, Action<InProcessPc> atEnd, params string[] extra) =>
        Boot(program, dir, null, extra, null, atEnd);

    private static string Boot(string program, TempDirectory dir, Action<byte[]>? prepare, string[] extra, Action<InProcessPc>? onReady,
        Action<InProcessPc>? atEnd = null)
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
        atEnd?.Invoke(pc);
        return pc.Output;
    }

    internal static void AssertPasses(string report, params string[] checks)
    {
        Assert.DoesNotContain("FAIL ", report);
        foreach (string check in checks)
        {
            Assert.Contains($"PASS {check}\n", report);
        }

        Assert.EndsWith("DONE\n", report);
    }
}
