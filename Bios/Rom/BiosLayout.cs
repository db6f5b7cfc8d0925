namespace Emu.Bios.Rom;

/// <summary>
/// Fixed addresses of the HLE BIOS. The ROM is the 64 KiB segment F000 (also visible at
/// FFFF0000 so the reset vector is reachable). The IBM-compatibility addresses are those old
/// software reads directly (pc-platform-bios.md 1.1).
/// </summary>
public static class BiosLayout
{
    public const ushort RomSegment = 0xF000;
    public const uint RomBase = 0xF0000;
    public const int RomSize = 0x10000;
    public const uint HighRomBase = 0xFFFF_0000;

    /// <summary>The BIOS call trap port (unassigned on a PC/AT; word writes carry the service id).</summary>
    public const byte TrapPort = 0xE6;

    /// <summary>The GDT of <see cref="BigRealMode"/> (three descriptors) and its pseudo-descriptor.</summary>
    public const ushort BigRealGdt = 0x0FD8;
    public const ushort BigRealGdtPointer = 0x0FF0;

    /// <summary>The far pointer INT 10h's stub passes calls on through once a video ROM has hooked INT 10h.</summary>
    public const ushort VideoRomVector = 0x0FF8;

    /// <summary>Where generated service stubs start.</summary>
    public const int StubArea = 0x1000;

    /// <summary>Static data built at POST (DPTE copies and the like).</summary>
    public const int DataArea = 0x7000;

    /// <summary>SeaBIOS's extended diskette parameter table (INT 1Eh, INT 13h AH=08h ES:DI).</summary>
    public const ushort DisketteTable = 0x601C;

    /// <summary>IBM's diskette parameter table address (an 11-byte copy).</summary>
    public const ushort IbmDisketteTable = 0xEFC7;

    /// <summary>POST entry: the reset vector jumps here.</summary>
    public const ushort PostEntry = 0xE05B;

    /// <summary>INT 15h C0h configuration table.</summary>
    public const ushort ConfigurationTable = 0xE6F5;

    /// <summary>The IRET that unused vectors point at (SeaBIOS uses the same address).</summary>
    public const ushort DefaultIret = 0xFF53;

    public const ushort ResetVector = 0xFFF0;
    public const ushort DateString = 0xFFF5;
    public const ushort ModelByte = 0xFFFE;

    /// <summary>The EBDA: 1 KiB at 9FC00 (segment 9FC0), as SeaBIOS with 128 MiB and more.</summary>
    public const ushort EbdaSegment = 0x9FC0;
    public const uint EbdaBase = 0x9FC00;
    public const int EbdaKiB = 1;

    /// <summary>Fixed disk parameter tables for disks 80h and 81h, inside the EBDA.</summary>
    public const ushort EbdaFdpt0 = 0x3D;
    public const ushort EbdaFdpt1 = 0x4D;

    /// <summary>Where the boot sector goes and where the boot stack starts (SeaBIOS values, 3.2).</summary>
    public const uint BootAddress = 0x7C00;
    public const ushort BootStackPointer = 0x6F04;
}
