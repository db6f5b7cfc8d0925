namespace Emu.Bios.Rom;

/// <summary>The fixed data tables of the ROM (pc-platform-bios.md 1.1, 4.3, 4.5).</summary>
public static class RomTables
{
    /// <summary>
    /// The diskette parameter table of a 1.44 MB drive, 11 IBM bytes plus SeaBIOS's 3-byte
    /// extension (max track, data rate, drive type), as observed at F000:601C.
    /// </summary>
    public static ReadOnlySpan<byte> DisketteParameters =>
        [0xAF, 0x02, 0x25, 0x02, 0x12, 0x1B, 0xFF, 0x6C, 0xF6, 0x0F, 0x08, 0x4F, 0x00, 0x04];

    /// <summary>
    /// INT 15h C0h: length 8, model FC, submodel 00, revision 01, feature 1 = 74h (second PIC, RTC,
    /// INT 15h/4Fh from INT 09h, EBDA), feature 2 = 40h (INT 16h AH=09h).
    /// </summary>
    public static ReadOnlySpan<byte> Configuration => [0x08, 0x00, 0xFC, 0x00, 0x01, 0x74, 0x40, 0x00, 0x00, 0x00];

    /// <summary>The BIOS date at F000:FFF5 (SeaBIOS's fixed value).</summary>
    public static ReadOnlySpan<byte> Date => "06/23/99"u8;

    public const byte ModelAt = 0xFC;
}
