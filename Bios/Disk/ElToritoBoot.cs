using Emu.Devices.Storage;
namespace Emu.Bios.Disk;

/// <summary>
/// The CD-ROM boot in effect, as INT 13h AH=4Bh reports it in its specification packet
/// (El Torito 1.0 section 5.3; ide-atapi-bios.md C.10 item 5; SeaBIOS's <c>CDEmu</c>).
/// A floppy (media 1-3) or hard-disk (media 4 and up, as SeaBIOS reads it) boot also describes
/// the emulated drive: its number, its geometry and where its 512-byte sectors are on the CD.
/// </summary>
public sealed class ElToritoBoot
{
    /// <summary>
    /// Media type of the default entry (0 = no emulation, 1-3 = 1.2/1.44/2.88 MB floppy, else
    /// hard disk). AH=4Bh AL=00h (terminate) sets it to 0, which ends the emulation.
    /// </summary>
    public byte MediaType { get; set; }

    /// <summary>The drive number the image runs as: E0h + CD index (no emulation), 00h (floppy) or 80h (hard disk).</summary>
    public byte EmulatedDrive { get; init; }

    /// <summary>IDE channel of the CD drive (SeaBIOS cntl_id / 2).</summary>
    public byte ControllerIndex { get; init; }

    /// <summary>IDE unit of the CD drive (0 master, 1 slave).</summary>
    public ushort DeviceSpecification { get; init; }

    /// <summary>First 2048-byte sector of the boot image.</summary>
    public uint ImageLba { get; init; }

    public ushort LoadSegment { get; init; }

    /// <summary>Sectors loaded, in 512-byte virtual sectors as the catalog gives them.</summary>
    public ushort SectorCount { get; init; }

    /// <summary>Packet byte 10h: the emulated drive's last head (heads - 1).</summary>
    public byte LastHead { get; init; }

    /// <summary>Packet byte 11h: sectors per track in bits 5-0, cylinder bits 9-8 in bits 7-6.</summary>
    public byte SectorsAndCylinderHigh { get; init; }

    /// <summary>Packet byte 12h: the low 8 bits of the emulated drive's last cylinder.</summary>
    public byte CylinderLow { get; init; }

    /// <summary>The CD drive the emulated drive reads from (null when nothing is emulated).</summary>
    public BiosDrive? Cdrom { get; init; }

    /// <summary>True while a floppy or hard disk is emulated (media type not zero).</summary>
    public bool Emulating => MediaType != 0;

    /// <summary>The emulated drive's CHS geometry, as SeaBIOS's <c>getLCHS</c> unpacks bytes 10h-12h.</summary>
    public ChsGeometry Geometry =>
        new(CylinderLow + ((SectorsAndCylinderHigh << 2) & 0x300) + 1, LastHead + 1, SectorsAndCylinderHigh & 0x3F);
}
