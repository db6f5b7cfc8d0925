using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>INT 11h: AX = the equipment word (BDA 0410h, pc-platform-bios.md 1.3). No flags defined.</summary>
public sealed class Int11Equipment : BiosInterruptHandler
{
    public Int11Equipment(BiosContext context)
        : base(context)
    {
    }

    public override byte Vector => 0x11;

    public override void Handle() => Cpu.AX = Context.Bda.Read16(BiosDataArea.EquipmentWord);
}
