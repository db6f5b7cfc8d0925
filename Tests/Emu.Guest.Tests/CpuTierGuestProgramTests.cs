using Emu.App.Options;
using Emu.Core.Cpu;
using Emu.Core.Machine;

namespace Emu.Guest.Tests;

/// <summary>
/// The CPU-bound guest programs of firmware/tests under both CPU tiers in deterministic mode: the IL tier
/// (compiling every block the first time it runs) must print the same report after the same number of
/// instructions as the interpreter, line by line.
/// </summary>
public sealed class CpuTierGuestProgramTests
{
    private const long InstructionLimit = 2_000_000_000;

    [Theory]
    [InlineData("smc")]
    [InlineData("exceptions")]
    [InlineData("a20")]
    [InlineData("uart")]
    [InlineData("memory")]
    [InlineData("pit_rtc")]
    [InlineData("pm")]
    [InlineData("pmlimits")]
    [InlineData("paging")]
    [InlineData("cpuid")]
    public void TheIlTierPrintsTheSameReportAtTheSameInstructionCounts(string program)
    {
        using TempDirectory dir = new();
        List<(string Line, long Count)> interp = Boot(dir, program, CpuTier.Interp);
        List<(string Line, long Count)> jit = Boot(dir, program, CpuTier.Jit);

        Assert.Contains(interp, l => l.Line == "DONE");
        Assert.DoesNotContain(interp, l => l.Line.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.Equal(interp, jit);
    }

    [Fact]
    public void CpuTierOption_SelectsTheTier_AndRefusesOthers()
    {
        Assert.Equal(CpuTier.Interp, CommandLine.Parse([]).CpuTier);
        Assert.Equal(CpuTier.Jit, CommandLine.Parse(["--cpu-tier", "jit"]).CpuTier);
        Assert.Equal(CpuTier.Interp, CommandLine.Parse(["-cpu-tier", "interp"]).CpuTier);
        OptionException e = Assert.Throws<OptionException>(() => CommandLine.Parse(["--cpu-tier", "tcg"]));
        Assert.Equal("--cpu-tier tcg: expected 'interp' or 'jit'", e.Message);
    }

    /// <summary>Boots the program and returns each debug-console line with the instruction count when it was complete.</summary>
    private static List<(string Line, long Count)> Boot(TempDirectory dir, string program, CpuTier tier)
    {
        byte[] floppy = new byte[1_474_560];
        GuestImages.TestProgram(program).CopyTo(floppy, 0);
        string path = Path.Combine(dir.Path, $"{program}-{tier}.img");
        File.WriteAllBytes(path, floppy);
        string[] args = ["-drive", $"file={path},format=raw,if=floppy", "-boot", "a", "-m", "128", "-display", "none", "-serial", "null",
            "-debugcon", "stdio", "-no-reboot", "--clock", "deterministic", "--cpu-tier", tier == CpuTier.Jit ? "jit" : "interp"];
        using InProcessPc pc = new(args);
        pc.Machine.Cpu.JitThreshold = 1;
        List<(string Line, long Count)> lines = [];
        int seen = 0;
        MachineStopReason reason;
        do
        {
            // Small slices, so that each line is stamped with the count of the slice that completed it.
            reason = pc.Machine.Run(pc.Machine.Cpu.InstructionCount + 100_000);
            string output = pc.Output;
            int end;
            while ((end = output.IndexOf('\n', seen)) >= 0)
            {
                lines.Add((output[seen..end], pc.Machine.Cpu.InstructionCount));
                seen = end + 1;
            }
        }
        while (reason == MachineStopReason.InstructionLimit && pc.Machine.Cpu.InstructionCount < InstructionLimit);

        Assert.True(reason == MachineStopReason.HaltedForever, $"{program} ({tier}) stopped with {reason}: {pc.Output}");
        if (tier == CpuTier.Jit)
        {
            Assert.True(pc.Machine.Cpu.JitStats.BlocksCompiled > 0, $"{program}: nothing was compiled");
        }

        lines.Add(("<halted>", pc.Machine.Cpu.InstructionCount));
        return lines;
    }
}
