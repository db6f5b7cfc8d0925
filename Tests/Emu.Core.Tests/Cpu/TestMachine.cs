using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Memory;
using CpuCore = Emu.Core.Cpu.Cpu;

namespace Emu.Core.Tests.Cpu;

/// <summary>A CPU with 2 MiB of RAM and a program loaded at 0000:1000 (stack at 0000:0F00).</summary>
internal sealed class TestMachine
{
    public const uint Origin = 0x1000;

    public TestMachine(string source, bool blockCache = true)
    {
        Memory = new PhysicalMemory(2 << 20);
        Io = new IoBus();
        Cpu = new CpuCore(Memory, Io) { BlockCacheEnabled = blockCache };
        Memory.WriteBlock(Origin, Nasm.Assemble("bits 16\norg 0x1000\n" + source));
        Cpu.SetSegment(SegmentRegister.CS, 0);
        Cpu.SetSegment(SegmentRegister.SS, 0);
        Cpu.ESP = 0x0F00;
        Cpu.EIP = Origin;
    }

    public PhysicalMemory Memory { get; }

    public IoBus Io { get; }

    public CpuCore Cpu { get; }

    /// <summary>Points IVT entry <paramref name="vector"/> at <paramref name="handler"/> (segment 0).</summary>
    public void SetVector(int vector, ushort handler)
    {
        Memory.Write16((uint)vector * 4, handler);
        Memory.Write16(((uint)vector * 4) + 2, 0);
    }

    public void RunToHalt(long limit = 10_000_000)
    {
        long n = 0;
        while (!Cpu.Halted && n < limit)
        {
            long ran = Cpu.Run(limit - n);
            n += ran;
            if (ran == 0)
            {
                break;
            }
        }

        Assert.True(Cpu.Halted, $"the program did not reach HLT within {limit} instructions (EIP={Cpu.EIP:X})");
    }

    public ushort StackWord(int index) => Memory.Read16((Cpu.ESP & 0xFFFF) + (uint)(2 * index));
}
