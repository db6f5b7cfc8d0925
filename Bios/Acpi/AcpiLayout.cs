namespace Emu.Bios.Acpi;

/// <summary>
/// Where the built-in BIOS puts the ACPI and SMBIOS structures, and the PM I/O addresses the FADT
/// gives (pc-pci-acpi.md 2: SeaBIOS moves the PIIX4 PM base to 600h; GPE0 is QEMU's fixed block).
/// The tables live in the 128 KiB at the top of RAM that the E820 map reserves (as SeaBIOS keeps
/// them there); the RSDP and the SMBIOS entry point are in the F segment, where the ACPI spec
/// (5.2.4.1) and the SMBIOS spec (5.2.1) tell the OS to scan on 16-byte boundaries.
/// </summary>
public static class AcpiLayout
{
    public const ushort PmBase = 0x600;
    public const ushort Pm1aEventBlock = PmBase;
    public const ushort Pm1aControlBlock = PmBase + 4;
    public const ushort PmTimerBlock = PmBase + 8;
    public const ushort Gpe0Block = 0xAFE0;
    public const ushort SmiCommand = 0xB2;
    public const byte AcpiEnable = 0xF1;
    public const byte AcpiDisable = 0xF0;
    public const ushort SciIrq = 9;

    /// <summary>The RSDP, in the F segment (offset inside the 64 KiB ROM).</summary>
    public const int RsdpRomOffset = 0x7000;

    /// <summary>The SMBIOS 2.x entry point ("_SM_"), in the F segment.</summary>
    public const int SmbiosEntryRomOffset = 0x7020;

    /// <summary>The SMBIOS structure table, in the F segment after the entry point, and the room it has.</summary>
    public const int SmbiosTableRomOffset = 0x7040;
    public const int SmbiosTableMaxLength = 0x400;

    /// <summary>Size of the reserved area at the top of RAM that holds the tables.</summary>
    public const int ReservedTopBytes = 0x20000;

    /// <summary>The OEM fields QEMU's tables carry (guests key quirks on them).</summary>
    public const string OemId = "BOCHS ";
    public const string OemTableId = "BXPC    ";
}
