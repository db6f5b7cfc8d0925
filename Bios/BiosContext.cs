using Emu.Bios.Structures;
using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.Timing;

namespace Emu.Bios;

/// <summary>
/// What every BIOS service works with: the caller's registers, guest memory, the port bus, the
/// BDA, virtual time and the log. Also the one place that knows where the caller's FLAGS image
/// sits: the stub returns with IRET, which reloads FLAGS from the stack, so CF and ZF results
/// are written there (Spice86 <c>SetCarryFlag(value, setOnStack)</c>).
/// </summary>
public sealed class BiosContext
{
    public BiosContext(ICpuRegisters cpu, PhysicalMemory memory, IoBus io, EventScheduler scheduler, BiosLog log)
    {
        Cpu = cpu;
        Memory = memory;
        Io = io;
        Scheduler = scheduler;
        Log = log;
        Bda = new BiosDataArea(memory);
    }

    public ICpuRegisters Cpu { get; }

    public PhysicalMemory Memory { get; }

    public IoBus Io { get; }

    public EventScheduler Scheduler { get; }

    public BiosLog Log { get; }

    public BiosDataArea Bda { get; }

    /// <summary>Ends a HLT without an interrupt (a BIOS wait whose time is up). Set by whoever owns the CPU.</summary>
    public Action? WakeCpu { get; set; }

    /// <summary>Real-mode linear address of <paramref name="segment"/>:<paramref name="offset"/>.</summary>
    public static uint Linear(ushort segment, ushort offset) => ((uint)segment << 4) + offset;

    /// <summary>Address of the FLAGS word that the stub's IRET will load (SS:SP+4 once the trap has popped AX).</summary>
    public uint FlagsImageAddress => Linear(Cpu.SS, (ushort)(Cpu.SP + 4));

    public void SetCarry(bool value) => SetImageFlag(EFlags.CF, value);

    public void SetZero(bool value) => SetImageFlag(EFlags.ZF, value);

    public bool CarryIn => (Memory.Read16(FlagsImageAddress) & (ushort)EFlags.CF) != 0;

    /// <summary>Success: CF=0 in the caller's FLAGS.</summary>
    public void Succeed() => SetCarry(false);

    /// <summary>Failure with status <paramref name="status"/> in AH and CF=1.</summary>
    public void Fail(byte status)
    {
        Cpu.AH = status;
        SetCarry(true);
    }

    /// <summary>Tells a waiting stub (STI; HLT; retry) that the service has not finished yet (live ZF=1).</summary>
    public void RequestRetry() => Cpu.EFLAGS |= (uint)EFlags.ZF;

    /// <summary>Tells a stub that continues in guest code (the next INT 10h handler, an option ROM) to go on there (live ZF=1).</summary>
    public void PassOn() => Cpu.EFLAGS |= (uint)EFlags.ZF;

    private void SetImageFlag(EFlags flag, bool value)
    {
        uint address = FlagsImageAddress;
        ushort flags = Memory.Read16(address);
        flags = value ? (ushort)(flags | (ushort)flag) : (ushort)(flags & ~(ushort)flag);
        Memory.Write16(address, flags);
    }
}
