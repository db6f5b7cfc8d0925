using Emu.Bios.Disk;
using Emu.Core.Memory;
using Emu.Devices.Block;

namespace Emu.Bios.Boot;

/// <summary>
/// Loads the default boot image of an El Torito CD (El Torito 1.0 sections 2.0-2.4;
/// ide-atapi-bios.md C.10): the Boot Record Volume Descriptor in sector 11h names the boot
/// catalog, whose validation entry and initial/default entry give the load segment, the
/// sector count (512-byte virtual sectors) and the image's start LBA. The failure codes are
/// SeaBIOS's <c>cdrom_boot</c> codes, printed as "Could not read from CDROM (code NNNN)".
/// Media types 1-3 emulate a 1.2/1.44/2.88 MB floppy as drive 00h; any higher type emulates a
/// hard disk as drive 80h whose geometry is the end CHS of the first partition in the loaded
/// image's MBR (SeaBIOS 1.16.2 <c>cdrom_boot</c>).
/// </summary>
public static class ElToritoLoader
{
    public const int NoMedium = 0x03;
    public const int NotBootRecord = 0x04;
    public const int NotElTorito = 0x05;
    public const int CatalogUnreadable = 0x07;
    public const int BadHeader = 0x08;
    public const int BadPlatform = 0x09;
    public const int BadKey = 0x0A;
    public const int NotBootable = 0x0B;
    public const int ImageUnreadable = 0x0C;

    private const int SectorSize = 2048;
    private const long BootRecordLba = 0x11;
    private const ushort DefaultLoadSegment = 0x07C0;
    private const byte HardDiskMedia = 4;

    /// <summary>Offset of the first partition entry's end CHS (heads, sector/cylinder-high, cylinder-low) in an MBR.</summary>
    private const uint FirstPartitionEnd = 0x1BE + 5;

    private static ReadOnlySpan<byte> BootRecordId => "\0CD001\u0001EL TORITO SPECIFICATION"u8;

    /// <summary>
    /// Reads the catalog of <paramref name="drive"/> and loads its boot image into
    /// <paramref name="memory"/>; returns 0 and the boot description, or a failure code.
    /// </summary>
    public static int Load(BiosDrive drive, byte driveNumber, PhysicalMemory memory, out ElToritoBoot? boot)
    {
        boot = null;
        IBlockBackend? medium = drive.Medium;
        byte[] sector = new byte[SectorSize];
        if (medium is null || !TryRead(medium, BootRecordLba, sector))
        {
            return NoMedium;
        }

        if (sector[0] != 0)
        {
            return NotBootRecord;
        }

        if (!sector.AsSpan(0, BootRecordId.Length).SequenceEqual(BootRecordId) || sector[BootRecordId.Length] != 0)
        {
            return NotElTorito;
        }

        uint catalogLba = ReadUInt32(sector, 0x47);
        if (!TryRead(medium, catalogLba, sector))
        {
            return CatalogUnreadable;
        }

        // Validation entry (El Torito 2.1): header ID 01h, platform 0 (80x86), key 55h AAh.
        // SeaBIOS does not check the entry's checksum, so neither does this.
        if (sector[0x00] != 0x01)
        {
            return BadHeader;
        }

        if (sector[0x01] != 0x00)
        {
            return BadPlatform;
        }

        if (sector[0x1E] != 0x55 || sector[0x1F] != 0xAA)
        {
            return BadKey;
        }

        // Initial/default entry (El Torito 2.2) at 20h.
        if (sector[0x20] != 0x88)
        {
            return NotBootable;
        }

        byte media = sector[0x21];
        ushort segment = (ushort)(sector[0x22] | (sector[0x23] << 8));
        if (segment == 0)
        {
            segment = DefaultLoadSegment;
        }

        ushort count = (ushort)(sector[0x26] | (sector[0x27] << 8));
        uint imageLba = ReadUInt32(sector, 0x28);
        int cdSectors = (count + 3) / 4;
        long offset = (long)imageLba * SectorSize;
        int length = cdSectors * SectorSize;
        if (offset + length > medium.Length)
        {
            return ImageUnreadable;
        }

        try
        {
            GuestTransfer.Read(medium, offset, memory, (uint)segment << 4, length);
        }
        catch (BlockException)
        {
            return ImageUnreadable;
        }

        byte emulatedDrive = driveNumber;
        byte lastHead = 0;
        byte sectorsAndCylinderHigh = 0;
        byte cylinderLow = 0;
        if (media is > 0 and < HardDiskMedia)
        {
            // Floppy emulation: 80 cylinders, 2 heads, 15/18/36 sectors by media type.
            emulatedDrive = 0x00;
            lastHead = 1;
            cylinderLow = 79;
            sectorsAndCylinderHigh = media switch { 1 => 15, 2 => 18, _ => 36 };
        }
        else if (media >= HardDiskMedia)
        {
            emulatedDrive = 0x80;
            uint end = ((uint)segment << 4) + FirstPartitionEnd;
            lastHead = memory.Read8(end);
            sectorsAndCylinderHigh = memory.Read8(end + 1);
            cylinderLow = memory.Read8(end + 2);
        }

        boot = new ElToritoBoot
        {
            MediaType = media,
            EmulatedDrive = emulatedDrive,
            ControllerIndex = (byte)Math.Max(0, drive.IdeIndex / 2),
            DeviceSpecification = (ushort)Math.Max(0, drive.IdeIndex % 2),
            ImageLba = imageLba,
            LoadSegment = segment,
            SectorCount = count,
            LastHead = lastHead,
            SectorsAndCylinderHigh = sectorsAndCylinderHigh,
            CylinderLow = cylinderLow,
            Cdrom = drive,
        };
        return 0;
    }

    private static bool TryRead(IBlockBackend medium, long lba, byte[] buffer)
    {
        long offset = lba * SectorSize;
        if (offset + SectorSize > medium.Length)
        {
            return false;
        }

        try
        {
            medium.Read(offset, buffer);
            return true;
        }
        catch (BlockException)
        {
            return false;
        }
    }

    private static uint ReadUInt32(byte[] data, int at) =>
        (uint)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24));
}
