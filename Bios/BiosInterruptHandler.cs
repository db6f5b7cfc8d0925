using Emu.Bios.Rom;
using Emu.Core.Cpu;

namespace Emu.Bios;

/// <summary>
/// One BIOS interrupt vector (as Spice86's <c>InterruptHandlers/Bios</c>): a 256-entry
/// table of services keyed by AH, filled by the subclass's constructor, and the ROM stub that
/// traps into it. An unknown function gets AH=01h, CF=1 and one warning, never an exception.
/// </summary>
public abstract class BiosInterruptHandler
{
    private readonly Action?[] _functions = new Action?[256];
    private readonly bool[] _warned = new bool[256];

    protected BiosInterruptHandler(BiosContext context)
    {
        Context = context;
    }

    /// <summary>The interrupt vector this handler serves; also its trap service id.</summary>
    public abstract byte Vector { get; }

    protected BiosContext Context { get; }

    protected ICpuRegisters Cpu => Context.Cpu;

    /// <summary>Writes the vector's ROM entry point and returns its offset in segment F000.</summary>
    public virtual ushort WriteStub(StubWriter writer)
    {
        ushort entry = (ushort)writer.Position;
        writer.Trap(Vector);
        writer.Iret();
        return entry;
    }

    /// <summary>
    /// An entry point for services that wait for the machine (a key, a timeout): after the trap, ZF
    /// set means "not yet", and the stub enables interrupts, halts until one comes and traps again.
    /// </summary>
    protected ushort WriteWaitingStub(StubWriter writer)
    {
        ushort entry = (ushort)writer.Position;
        writer.Trap(Vector);
        int wait = writer.JzForward();
        writer.Iret();
        writer.BindHere(wait);
        writer.Sti();
        writer.Hlt();
        writer.Cli();
        writer.JmpShortTo(entry);
        return entry;
    }

    /// <summary>Runs the service selected by AH (called by the trap with the caller's registers in place).</summary>
    public virtual void Handle()
    {
        byte function = Cpu.AH;
        Action? service = _functions[function];
        if (service is null)
        {
            Unsupported(function);
            return;
        }

        service();
    }

    protected void Register(byte function, Action service) => _functions[function] = service;

    /// <summary>The answer to a function nobody implements (subclasses may use their vector's own convention).</summary>
    protected virtual void Unsupported(byte function)
    {
        WarnOnce(function);
        Context.Fail(0x01);
    }

    protected void WarnOnce(byte function)
    {
        if (!_warned[function])
        {
            _warned[function] = true;
            Context.Log.Warning?.Invoke($"INT {Vector:X2}h function AH={function:X2}h (AX={Cpu.AX:X4}) is not supported");
        }
    }
}
