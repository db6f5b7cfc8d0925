using Emu.Bios.Rom;
using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>
/// INT 08h, the IRQ0 handler (pc-platform-bios.md 4.10): counts ticks in BDA 046Ch with the
/// midnight rollover, counts down the floppy motor timer, flushes the serial console mirror,
/// then (in the ROM) calls INT 1Ch with interrupts enabled and sends EOI to the master PIC.
/// </summary>
public sealed class Int08Timer : BiosInterruptHandler
{
    public Int08Timer(BiosContext context)
        : base(context)
    {
    }

    public override byte Vector => 0x08;

    /// <summary>Run on each tick after the counters (the video mirror's lazy flush).</summary>
    public Action? Tick { get; set; }

    /// <summary>Told when the floppy motor count runs out (the BIOS turns the motors off in the DOR).</summary>
    public Action? MotorOff { get; set; }

    public override ushort WriteStub(StubWriter writer)
    {
        ushort entry = (ushort)writer.Position;
        writer.Trap(Vector);
        writer.Sti();
        writer.Int(0x1C);
        writer.Cli();
        writer.PushAx();
        writer.MovAl(0x20);
        writer.OutImm8Al(0x20);
        writer.PopAx();
        writer.Iret();
        return entry;
    }

    public override void Handle()
    {
        BiosDataArea bda = Context.Bda;
        uint ticks = bda.Read32(BiosDataArea.TimerTicks) + 1;
        if (ticks >= BiosDataArea.TicksPerDay)
        {
            ticks = 0;
            bda.Write8(BiosDataArea.TimerRollover, (byte)(bda.Read8(BiosDataArea.TimerRollover) + 1));
        }

        bda.Write32(BiosDataArea.TimerTicks, ticks);
        byte motor = bda.Read8(BiosDataArea.FloppyMotorCounter);
        if (motor != 0)
        {
            bda.Write8(BiosDataArea.FloppyMotorCounter, (byte)(motor - 1));
            if (motor == 1)
            {
                MotorOff?.Invoke();
            }
        }

        Tick?.Invoke();
    }
}
