using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>INT 12h: AX = conventional memory in KiB below the EBDA (BDA 0413h). No flags defined.</summary>
public sealed class Int12MemorySize : BiosInterruptHandler
{
    public Int12MemorySize(BiosContext context)
        : base(context)
    {
    }

    public override byte Vector => 0x12;

    public override void Handle() => Cpu.AX = Context.Bda.Read16(BiosDataArea.MemorySizeKiB);
}
