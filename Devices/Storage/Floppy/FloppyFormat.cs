namespace Emu.Devices.Storage.Floppy;

/// <summary>
/// A medium layout the controller recognises from an image's size, with the data rate its drive
/// reads it at (QEMU hw/block/fdc.c <c>fd_formats</c>; the rate codes are the 82078 DSR/CCR bits
/// 1-0: 0 = 500 kb/s, 1 = 300 kb/s, 2 = 250 kb/s, 3 = 1 Mb/s).
/// </summary>
public readonly record struct FloppyFormat(FdcDriveType Drive, byte LastSector, byte Tracks, byte Heads, byte Rate)
{
    public const byte Rate500K = 0;
    public const byte Rate300K = 1;
    public const byte Rate250K = 2;
    public const byte Rate1M = 3;

    public long Sectors => (long)Heads * Tracks * LastSector;

    /// <summary>QEMU's table, in its order: the first row a size matches wins.</summary>
    private static readonly FloppyFormat[] Rows =
    [
        new(FdcDriveType.Drive144, 18, 80, 2, Rate500K),
        new(FdcDriveType.Drive144, 20, 80, 2, Rate500K),
        new(FdcDriveType.Drive144, 21, 80, 2, Rate500K),
        new(FdcDriveType.Drive144, 21, 82, 2, Rate500K),
        new(FdcDriveType.Drive144, 21, 83, 2, Rate500K),
        new(FdcDriveType.Drive144, 22, 80, 2, Rate500K),
        new(FdcDriveType.Drive144, 23, 80, 2, Rate500K),
        new(FdcDriveType.Drive144, 24, 80, 2, Rate500K),
        new(FdcDriveType.Drive288, 36, 80, 2, Rate1M),
        new(FdcDriveType.Drive288, 39, 80, 2, Rate1M),
        new(FdcDriveType.Drive288, 40, 80, 2, Rate1M),
        new(FdcDriveType.Drive288, 44, 80, 2, Rate1M),
        new(FdcDriveType.Drive288, 48, 80, 2, Rate1M),
        new(FdcDriveType.Drive144, 9, 80, 2, Rate250K),
        new(FdcDriveType.Drive144, 10, 80, 2, Rate250K),
        new(FdcDriveType.Drive144, 10, 82, 2, Rate250K),
        new(FdcDriveType.Drive144, 10, 83, 2, Rate250K),
        new(FdcDriveType.Drive144, 13, 80, 2, Rate250K),
        new(FdcDriveType.Drive144, 14, 80, 2, Rate250K),
        new(FdcDriveType.Drive120, 15, 80, 2, Rate500K),
        new(FdcDriveType.Drive120, 18, 80, 2, Rate500K),
        new(FdcDriveType.Drive120, 18, 82, 2, Rate500K),
        new(FdcDriveType.Drive120, 18, 83, 2, Rate500K),
        new(FdcDriveType.Drive120, 20, 80, 2, Rate500K),
        new(FdcDriveType.Drive120, 9, 80, 2, Rate250K),
        new(FdcDriveType.Drive120, 11, 80, 2, Rate250K),
        new(FdcDriveType.Drive120, 9, 40, 2, Rate300K),
        new(FdcDriveType.Drive120, 9, 40, 1, Rate300K),
        new(FdcDriveType.Drive120, 10, 41, 2, Rate300K),
        new(FdcDriveType.Drive120, 10, 42, 2, Rate300K),
        new(FdcDriveType.Drive120, 8, 40, 2, Rate250K),
        new(FdcDriveType.Drive120, 8, 40, 1, Rate250K),
        new(FdcDriveType.Drive144, 9, 80, 1, Rate250K),
    ];

    public static ReadOnlySpan<FloppyFormat> Table => Rows;

    /// <summary>
    /// The layout of a medium of <paramref name="sectors"/> sectors in a drive of type
    /// <paramref name="drive"/> (null: the drive type is chosen from the medium), as QEMU's
    /// <c>pick_geometry</c>: the first row of that size, preferring the drive's own type, else the
    /// first row of the drive's type (of the 2.88 MB fallback when choosing).
    /// </summary>
    public static FloppyFormat Pick(long sectors, FdcDriveType? drive)
    {
        int sameSize = -1;
        int otherSize = -1;
        int sameType = -1;
        ReadOnlySpan<FloppyFormat> table = Table;
        for (int i = 0; i < table.Length; i++)
        {
            FloppyFormat row = table[i];
            if (row.Sectors == sectors)
            {
                if (drive is null || row.Drive == drive)
                {
                    return row;
                }

                if (IsThreeAndAHalf(row.Drive) == IsThreeAndAHalf(drive.Value))
                {
                    sameSize = sameSize < 0 ? i : sameSize;
                }
                else
                {
                    otherSize = otherSize < 0 ? i : otherSize;
                }
            }
            else if (sameType < 0 && row.Drive == (drive ?? FdcDriveType.Drive288))
            {
                sameType = i;
            }
        }

        return table[sameSize >= 0 ? sameSize : sameType];
    }

    private static bool IsThreeAndAHalf(FdcDriveType type) => type is FdcDriveType.Drive144 or FdcDriveType.Drive288;
}
