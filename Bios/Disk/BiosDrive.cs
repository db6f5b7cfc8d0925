using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.Bios.Disk;

/// <summary>
/// A drive as INT 13h numbers and addresses it: its BIOS number (00-7F floppies, 80+ disks),
/// its geometries and the <see cref="BlockDrive"/> it reads through (the same object the IDE
/// model uses).
/// </summary>
public sealed class BiosDrive
{
    private BiosDrive(byte number, BiosDriveKind kind, BlockDrive? drive)
    {
        Number = number;
        Kind = kind;
        Drive = drive;
    }

    public byte Number { get; }

    public BiosDriveKind Kind { get; }

    /// <summary>The drive object, or null for QEMU's always-present but empty floppy A:.</summary>
    public BlockDrive? Drive { get; }

    public IBlockBackend? Medium => Drive?.Medium;

    /// <summary>Floppies: the drive type and medium.</summary>
    public FloppyType? Floppy { get; private init; }

    /// <summary>Hard disks: the geometry IDENTIFY and CMOS report.</summary>
    public ChsGeometry Physical { get; private init; }

    /// <summary>The geometry CHS calls use (floppies: the drive's maximum geometry).</summary>
    public ChsGeometry Logical { get; private init; }

    /// <summary>The translation INT 13h applies; None also for a geometry given by bios-geometry (SeaBIOS TRANSLATION_HOST).</summary>
    public ChsTranslation Translation { get; private init; }

    /// <summary>IDE position (channel × 2 + unit) for EDD and the FDPT, -1 if none.</summary>
    public int IdeIndex { get; private init; } = -1;

    public int SectorSize => Kind == BiosDriveKind.Cdrom ? 2048 : 512;

    public long TotalSectors => Medium is null ? 0 : Medium.Length / SectorSize;

    public static BiosDrive CreateFloppy(byte number, BlockDrive? drive)
    {
        FloppyType type = drive?.Medium is { } medium ? FloppyType.ForImageSize(medium.Length) : FloppyType.Empty;
        return new BiosDrive(number, BiosDriveKind.Floppy, drive)
        {
            Floppy = type,
            Physical = type.Drive,
            Logical = type.Drive,
            Translation = ChsTranslation.None,
        };
    }

    /// <summary>
    /// A hard disk whose device reports the disk model's default geometry (HardDiskGeometry from
    /// its MBR and size, translation auto): the view of a BIOS tested without a disk controller.
    /// </summary>
    public static BiosDrive CreateHardDisk(byte number, BlockDrive drive)
    {
        IBlockBackend medium = drive.Medium ?? throw new ArgumentException($"drive {drive.Id} has no medium", nameof(drive));
        HardDiskGeometry model = HardDiskGeometry.Resolve(medium, DiskGeometryProperties.Default);
        return CreateHardDisk(number, drive, model.Physical, medium.Length / 512, model.Translation, model.BiosGeometry);
    }

    /// <summary>
    /// A hard disk as SeaBIOS sets it up (ide-atapi-bios.md C.3, C.4): the physical geometry and
    /// size IDENTIFY reported, the translation CMOS 39h holds and the <c>bios-geometry</c> entry.
    /// </summary>
    public static BiosDrive CreateHardDisk(byte number, BlockDrive drive, ChsGeometry physical, long totalSectors, ChsTranslation translation, ChsGeometry? biosGeometry)
    {
        ArgumentNullException.ThrowIfNull(drive);
        (ChsGeometry logical, ChsTranslation used) = LogicalGeometry.Setup(physical, totalSectors, translation, biosGeometry);
        return new BiosDrive(number, BiosDriveKind.HardDisk, drive)
        {
            Physical = physical,
            Logical = logical,
            Translation = used,
            IdeIndex = drive.Interface == DriveInterface.Ide ? drive.Index : -1,
        };
    }

    public static BiosDrive CreateCdrom(byte number, BlockDrive drive) =>
        new(number, BiosDriveKind.Cdrom, drive) { IdeIndex = drive.Index };
}
