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
    public DiskGeometry Physical { get; private init; }

    /// <summary>The geometry CHS calls use (floppies: the drive's maximum geometry).</summary>
    public DiskGeometry Logical { get; private init; }

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

    /// <summary>A hard disk: geometry guessed from its MBR and size as QEMU does, translated as SeaBIOS does.</summary>
    public static BiosDrive CreateHardDisk(byte number, BlockDrive drive, ChsTranslation policy = ChsTranslation.Auto)
    {
        IBlockBackend medium = drive.Medium ?? throw new ArgumentException($"drive {drive.Id} has no medium", nameof(drive));
        long sectors = medium.Length / 512;
        Span<byte> sector0 = stackalloc byte[512];
        sector0.Clear();
        if (medium.Length >= 512)
        {
            medium.Read(0, sector0);
        }

        (DiskGeometry physical, ChsTranslation auto) = GeometryGuess.Guess(sector0, sectors);
        ChsTranslation translation = policy == ChsTranslation.Auto ? auto : policy;
        return new BiosDrive(number, BiosDriveKind.HardDisk, drive)
        {
            Physical = physical,
            Logical = LogicalGeometry.Compute(physical, sectors, translation),
            Translation = translation,
            IdeIndex = drive.Interface == DriveInterface.Ide ? drive.Index : -1,
        };
    }

    public static BiosDrive CreateCdrom(byte number, BlockDrive drive) =>
        new(number, BiosDriveKind.Cdrom, drive) { IdeIndex = drive.Index };
}
