namespace Emu.Bios.Disk;

/// <summary>
/// The CD-ROM boot in effect, as INT 13h AH=4Bh reports it in its specification packet
/// (El Torito 1.0 section 5.3; ide-atapi-bios.md C.10 item 5). Only no-emulation boots exist here.
/// </summary>
public sealed class ElToritoBoot
{
    /// <summary>Media type of the default entry (0 = no emulation).</summary>
    public byte MediaType { get; init; }

    /// <summary>The drive number the image runs as (E0h + CD index under no emulation).</summary>
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
}
