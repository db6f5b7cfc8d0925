using Emu.Bios;
using Emu.Bios.Rom;
using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.Timing;
using Emu.TestSupport;

namespace Emu.Bios.Tests;

/// <summary>
/// A BIOS on RAM, a port bus and fake registers: runs POST and calls services the way the ROM
/// stub would (INT frame and saved AX on the guest stack, CS = F000), then returns the FLAGS
/// image the stub's IRET would load.
/// </summary>
internal sealed class BiosHarness : IInstructionCounter
{
    public const ushort StackSegment = 0x0000;
    public const ushort StackTop = 0x7000;

    public BiosHarness(BiosConfiguration? configuration = null, int ramBytes = 32 << 20)
    {
        Memory = new PhysicalMemory(ramBytes);
        Io = new IoBus();
        Scheduler = new EventScheduler(new VirtualClock(this, ClockMode.Deterministic));
        Log = new BiosLog { Warning = Warnings.Add };
        Context = new BiosContext(Cpu, Memory, Io, Scheduler, Log);
        Bios = new HleBios(Context, configuration ?? new BiosConfiguration());
        Bios.Install();
        Cpu.CS = BiosLayout.RomSegment;
        Cpu.SS = 0;
        Cpu.SP = 0xFFFE;
        Memory.Write16(0xFFFE, 0);
        Cpu.SP = 0xFFFC;
        Bios.Dispatch(HleBios.PostService);
    }

    public ICpuRegisters Cpu { get; } = new FakeCpuRegisters();

    public PhysicalMemory Memory { get; }

    public IoBus Io { get; }

    public EventScheduler Scheduler { get; }

    public BiosLog Log { get; }

    public List<string> Warnings { get; } = [];

    public BiosContext Context { get; }

    public HleBios Bios { get; }

    public long InstructionCount { get; set; }

    /// <summary>Calls INT <paramref name="vector"/> with the current registers; returns the FLAGS the caller gets back.</summary>
    public ushort Int(byte vector, ushort flags = 0x0202)
    {
        Cpu.SS = StackSegment;
        Cpu.SP = StackTop;
        Push(flags);
        Push(0x1234);
        Push(0x7C50);
        Push(Cpu.AX);
        Cpu.CS = BiosLayout.RomSegment;
        Cpu.EFLAGS = 0x2;
        Bios.Dispatch(vector);
        if (vector is not (0x18 or 0x19))
        {
            Assert.Equal(StackTop - 6, Cpu.SP);
        }

        return Memory.Read16(BiosContext.Linear(Cpu.SS, (ushort)(Cpu.SP + 4)));
    }

    /// <summary>Sets the registers given (the others keep their values) and calls INT <paramref name="vector"/>; returns the caller's FLAGS.</summary>
    public ushort Call(byte vector, ushort? ax = null, ushort? bx = null, ushort? cx = null, ushort? dx = null,
        ushort? si = null, ushort? di = null, ushort? ds = null, ushort? es = null)
    {
        Cpu.AX = ax ?? Cpu.AX;
        Cpu.BX = bx ?? Cpu.BX;
        Cpu.CX = cx ?? Cpu.CX;
        Cpu.DX = dx ?? Cpu.DX;
        Cpu.SI = si ?? Cpu.SI;
        Cpu.DI = di ?? Cpu.DI;
        Cpu.DS = ds ?? Cpu.DS;
        Cpu.ES = es ?? Cpu.ES;
        return Int(vector);
    }

    /// <summary>True when the service asked its stub to wait and call again (live ZF).</summary>
    public bool WantsRetry => (Cpu.EFLAGS & (uint)EFlags.ZF) != 0;

    public static bool Carry(ushort flags) => (flags & 1) != 0;

    public static bool Zero(ushort flags) => (flags & 0x40) != 0;

    private void Push(ushort value)
    {
        Cpu.SP = (ushort)(Cpu.SP - 2);
        Memory.Write16(BiosContext.Linear(Cpu.SS, Cpu.SP), value);
    }
}
