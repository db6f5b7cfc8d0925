using Emu.Bios.Clock;

namespace Emu.Bios.Services;

/// <summary>
/// INT 70h, the IRQ8 handler: acknowledges the RTC by reading register C (which lowers IRQ8) and
/// sends EOI to the slave and master PICs (pc-platform-bios.md 4.10a). The BIOS's own waits run
/// on virtual-time events, so no periodic interrupt is needed for them.
/// </summary>
public sealed class Int70Rtc : BiosInterruptHandler
{
    private readonly CmosPorts _cmos;

    public Int70Rtc(BiosContext context)
        : base(context)
    {
        _cmos = new CmosPorts(context.Io);
    }

    public override byte Vector => 0x70;

    public override void Handle()
    {
        _cmos.Read(CmosPorts.StatusC);
        Context.Io.WriteByte(0xA0, 0x20);
        Context.Io.WriteByte(0x20, 0x20);
    }
}
