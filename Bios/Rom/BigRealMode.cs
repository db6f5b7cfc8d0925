namespace Emu.Bios.Rom;

/// <summary>
/// Real mode with 4 GiB data segment limits ("big real mode"), in which SeaBIOS enters option
/// ROMs (<c>callrom</c> through <c>farcall16big</c>): SeaVGABIOS's initialisation reads the
/// card's MMIO BAR (the EDID at its start) with 32-bit offsets. Loading a data segment in
/// protected mode fills its hidden limit from the descriptor, and real mode keeps that limit
/// while it reloads the base (SDM Vol. 3 9.9.2, 3.4.3), so a short trip through protected mode
/// sets the limits of DS, ES, FS and GS; the same trip with a 64 KiB descriptor puts them back.
/// </summary>
public static class BigRealMode
{
    public const byte FourGigabyteData = 0x08;
    public const byte SixtyFourKilobyteData = 0x10;

    /// <summary>
    /// Null, then 16-bit read/write data at base 0: 4 GiB (G=1, limit FFFFFh) and 64 KiB (SDM Vol. 3
    /// 3.4.5: limit 15:0, base 23:0, access 93h, flags and limit 19:16, base 31:24).
    /// </summary>
    private static ReadOnlySpan<byte> Gdt =>
    [
        0, 0, 0, 0, 0, 0, 0, 0,
        0xFF, 0xFF, 0, 0, 0, 0x93, 0x8F, 0,
        0xFF, 0xFF, 0, 0, 0, 0x93, 0x00, 0,
    ];

    /// <summary>Writes the GDT and its pseudo-descriptor at their fixed places in the ROM.</summary>
    public static void WriteTables(StubWriter writer)
    {
        writer.Position = BiosLayout.BigRealGdt;
        writer.Bytes(Gdt);
        writer.Position = BiosLayout.BigRealGdtPointer;
        writer.Emit16((ushort)(Gdt.Length - 1));
        const uint linear = BiosLayout.RomBase + BiosLayout.BigRealGdt;
        writer.Emit16(unchecked((ushort)linear));
        writer.Emit16((ushort)(linear >> 16));
    }

    /// <summary>
    /// Gives DS, ES, FS and GS the limit of <paramref name="selector"/>'s descriptor and leaves them
    /// 0 in real mode; EAX is kept, the flags are not. Interrupts must be off.
    /// </summary>
    public static void WriteSetLimits(StubWriter writer, byte selector)
    {
        writer.PushEax();
        writer.LgdtThroughCs(BiosLayout.BigRealGdtPointer);
        writer.MovEaxCr0();
        writer.OrAl(0x01);
        writer.MovCr0Eax();
        writer.LoadDataSegments(selector);
        writer.AndAl(0xFE);
        writer.MovCr0Eax();
        writer.LoadDataSegments(0);
        writer.PopEax();
    }
}
