using System.Buffers.Binary;

namespace Emu.Guest.Tests.Ide;

/// <summary>
/// The sparse raw disks of the geometry comparison: each of the first 16384 sectors starts with
/// its LBA (so a CHS read shows where the BIOS mapped it), sector 0 optionally holds an MBR whose
/// one partition ends at the given heads/sectors (what QEMU's guess_disk_lchs reads).
/// </summary>
internal static class GeometryDisk
{
    public const int StampedSectors = 16384;

    public static string Create(string path, long bytes, (int Heads, int Sectors)? mbr)
    {
        using FileStream file = new(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(bytes);
        byte[] sector = new byte[512];
        if (mbr is { } table)
        {
            WriteMbr(sector, table.Heads, table.Sectors);
            file.Write(sector);
        }

        Span<byte> stamp = stackalloc byte[4];
        for (int lba = 1; lba < StampedSectors && (lba + 1) * 512L <= bytes; lba++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(stamp, lba);
            file.Position = lba * 512L;
            file.Write(stamp);
        }

        return path;
    }

    /// <summary>One active partition from CHS 0/1/1 to cylinder 1023 (capped), end head heads-1, end sector = sectors.</summary>
    private static void WriteMbr(Span<byte> sector, int heads, int sectors)
    {
        Span<byte> entry = sector.Slice(0x1BE, 16);
        entry[0] = 0x80;
        entry[1] = 1;
        entry[2] = 1;
        entry[4] = 0x0C;
        entry[5] = (byte)(heads - 1);
        entry[6] = (byte)(0xC0 | sectors);
        entry[7] = 0xFF;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)sectors);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], 2048);
        sector[510] = 0x55;
        sector[511] = 0xAA;
    }
}
