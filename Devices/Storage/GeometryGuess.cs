using System.Buffers.Binary;

namespace Emu.Devices.Storage;

/// <summary>
/// The physical (default) geometry QEMU gives a hard disk without explicit <c>cyls/heads/secs</c>,
/// and the translation "auto" resolves to (ide-atapi-bios.md C.2: <c>guess_disk_lchs</c>,
/// <c>guess_chs_for_size</c>, <c>auto_trans</c>).
/// </summary>
public static class GeometryGuess
{
    private const int MaxCylinders = 16383;

    /// <summary>
    /// Guesses from <paramref name="sector0"/> (the MBR, 512 bytes) and the disk size in 512-byte
    /// sectors; returns the physical geometry and the translation that "auto" means for it.
    /// </summary>
    public static (ChsGeometry Physical, ChsTranslation AutoTranslation) Guess(ReadOnlySpan<byte> sector0, long totalSectors)
    {
        ChsGeometry sized = ForSize(totalSectors);
        ChsGeometry? guess = FromPartitionTable(sector0, totalSectors);
        if (guess is null)
        {
            return (sized, AutoTranslation(sized));
        }

        if (guess.Value.Heads > 16)
        {
            // A 255-head table: the physical geometry is the size guess; LARGE while it fits
            // 8192 cylinders of 16 heads, LBA beyond (QEMU hd_geometry_guess).
            ChsTranslation translation = sized.Cylinders * 16 <= 131072 ? ChsTranslation.Large : ChsTranslation.Lba;
            return (sized, translation);
        }

        return (guess.Value, ChsTranslation.None);
    }

    /// <summary><c>guess_chs_for_size</c>: 16 heads, 63 sectors, cylinders = N / 1008 clamped to [2, 16383].</summary>
    public static ChsGeometry ForSize(long totalSectors)
    {
        long cylinders = Math.Clamp(totalSectors / 1008, 2, MaxCylinders);
        return new ChsGeometry((int)cylinders, 16, 63);
    }

    /// <summary><c>auto_trans</c>: NONE if the geometry fits the INT 13h limits, else LBA.</summary>
    public static ChsTranslation AutoTranslation(ChsGeometry geometry) =>
        geometry.Cylinders <= 1024 && geometry.Heads <= 16 && geometry.Sectors <= 63 ? ChsTranslation.None : ChsTranslation.Lba;

    /// <summary><c>guess_disk_lchs</c>: the first partition entry with a count and an end head gives heads and sectors.</summary>
    public static ChsGeometry? FromPartitionTable(ReadOnlySpan<byte> sector0, long totalSectors)
    {
        if (sector0.Length < 512 || sector0[510] != 0x55 || sector0[511] != 0xAA)
        {
            return null;
        }

        for (int i = 0; i < 4; i++)
        {
            ReadOnlySpan<byte> entry = sector0.Slice(0x1BE + (i * 16), 16);
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
            int endHead = entry[5];
            if (count == 0 || endHead == 0)
            {
                continue;
            }

            int heads = endHead + 1;
            int sectors = entry[6] & 0x3F;
            if (sectors == 0)
            {
                continue;
            }

            long cylinders = totalSectors / (heads * sectors);
            if (cylinders is < 1 or > MaxCylinders)
            {
                continue;
            }

            return new ChsGeometry((int)cylinders, heads, sectors);
        }

        return null;
    }
}
