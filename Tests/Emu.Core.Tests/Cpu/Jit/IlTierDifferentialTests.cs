using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Memory;
using CpuCore = Emu.Core.Cpu.Cpu;

namespace Emu.Core.Tests.Cpu.Jit;

/// <summary>
/// The IL tier against the interpreter on random blocks (<see cref="RandomBlockProgram"/>): both run
/// the same program in the same uneven slices, and after every slice the full state (registers, EFLAGS,
/// segments, EIP, instruction count, the data area and the code) must be identical.
/// </summary>
public sealed class IlTierDifferentialTests
{
    public static TheoryData<int> Seeds()
    {
        TheoryData<int> seeds = [];
        for (int seed = 1; seed <= 40; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomBlocks_EndInTheSameStateUnderBothTiers(int seed)
    {
        // Odd seeds: faults and self-modifying stores; even seeds: blocks that stay compiled.
        string source = RandomBlockProgram.Generate(new Random(seed), 40 + (seed % 30), 30, selfModifying: seed % 2 == 1);
        byte[] code = Nasm.Assemble(source);

        List<string> interp = Trace(code, CpuTier.Interp, seed);
        List<string> jit = Trace(code, CpuTier.Jit, seed);

        Assert.EndsWith("halted", interp[^1]);
        for (int k = 0; k < Math.Min(interp.Count, jit.Count); k++)
        {
            Assert.True(interp[k] == jit[k], $"seed {seed}, slice {k}:\ninterp {interp[k]}\njit    {jit[k]}\n{source}");
        }

        Assert.Equal(interp.Count, jit.Count);
    }

    [Fact]
    public void RandomBlocks_AreCompiled()
    {
        byte[] code = Nasm.Assemble(RandomBlockProgram.Generate(new Random(8), 50, 30, selfModifying: false));
        (CpuCore cpu, _) = Start(code, CpuTier.Jit, threshold: 2);
        cpu.Run(1_000_000);
        Assert.True(cpu.Halted);
        Assert.InRange(cpu.JitStats.BlocksCompiled, 2, 1000);
        Assert.Equal(0, cpu.JitStats.IndirectCalls);
    }

    private static (CpuCore Cpu, PhysicalMemory Memory) Start(byte[] code, CpuTier tier, int threshold)
    {
        PhysicalMemory memory = new(2 << 20);
        CpuCore cpu = new(memory, new IoBus()) { Tier = tier, JitThreshold = threshold };
        memory.WriteBlock(RandomBlockProgram.Origin, code);
        foreach (int vector in new[] { 0, 6, 13 })
        {
            memory.Write16((uint)vector * 4, (ushort)RandomBlockProgram.Handler);
            memory.Write16(((uint)vector * 4) + 2, 0);
        }

        cpu.SetSegment(SegmentRegister.CS, 0);
        cpu.SetSegment(SegmentRegister.SS, 0);
        cpu.ESP = 0x0F00;
        cpu.EIP = RandomBlockProgram.Origin;
        return (cpu, memory);
    }

    /// <summary>The state after each slice of a run in slices of random length (the same for both tiers).</summary>
    private static List<string> Trace(byte[] code, CpuTier tier, int seed)
    {
        Random slices = new(seed * 31);
        (CpuCore cpu, PhysicalMemory memory) = Start(code, tier, threshold: 1 + (seed % 3));
        List<string> states = [];
        while (!cpu.Halted && cpu.InstructionCount < 500_000)
        {
            cpu.Run(slices.Next(1, 400));
            states.Add(State(cpu, memory, code.Length));
        }

        return states;
    }

    private static string State(CpuCore cpu, PhysicalMemory memory, int codeBytes)
    {
        byte[] data = new byte[RandomBlockProgram.DataBytes + 4];
        memory.ReadBlock(RandomBlockProgram.Data, data);
        byte[] code = new byte[codeBytes];
        memory.ReadBlock(RandomBlockProgram.Origin, code);
        return $"n={cpu.InstructionCount} eip={cpu.EIP:X} fl={cpu.EFLAGS:X} a={cpu.EAX:X} b={cpu.EBX:X} c={cpu.ECX:X} d={cpu.EDX:X} "
            + $"si={cpu.ESI:X} di={cpu.EDI:X} bp={cpu.EBP:X} sp={cpu.ESP:X} cs={cpu.GetSegment(SegmentRegister.CS):X} "
            + $"data={Convert.ToHexString(data)} code={Convert.ToHexString(code).GetHashCode(StringComparison.Ordinal):X}"
            + (cpu.Halted ? " halted" : string.Empty);
    }
}
