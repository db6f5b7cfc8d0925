namespace Emu.Guest.Tests.Ide;

/// <summary>The images the IDE guest programs run against, written into a test's scratch directory.</summary>
internal static class IdeMedia
{
    public const int DiskBytes = 1 << 20;

    public const int CdBlocks = 512;

    /// <summary>A 1.44 MB floppy that boots firmware/tests/<paramref name="program"/>.asm.</summary>
    public static string Floppy(string directory, string program)
    {
        byte[] floppy = new byte[1_474_560];
        GuestImages.TestProgram(program).CopyTo(floppy, 0);
        string path = Path.Combine(directory, program + ".flp");
        File.WriteAllBytes(path, floppy);
        return path;
    }

    /// <summary>A 1 MiB raw disk: LBA 5 filled with 6Bh, LBA 7 with 5Ah (ata.asm's expectations).</summary>
    public static string Disk(string directory, string name = "disk.img")
    {
        byte[] disk = new byte[DiskBytes];
        disk.AsSpan(5 * 512, 512).Fill(0x6B);
        disk.AsSpan(7 * 512, 512).Fill(0x5A);
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, disk);
        return path;
    }

    /// <summary>A 512-block CD image: each block starts with its number, block 16 with 01h "CD001" 01h.</summary>
    public static string Cd(string directory, string name = "cd.iso")
    {
        byte[] cd = new byte[CdBlocks * 2048];
        for (int block = 0; block < CdBlocks; block++)
        {
            cd[block * 2048] = (byte)block;
            cd[(block * 2048) + 1] = (byte)(block >> 8);
            cd[(block * 2048) + 2047] = 0xCD;
        }

        "\u0001CD001\u0001"u8.CopyTo(cd.AsSpan(16 * 2048));
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, cd);
        return path;
    }

    /// <summary>The lines of a report that start with <paramref name="prefix"/> ("VAL ", "PASS ").</summary>
    public static string[] Lines(string report, string prefix) =>
        [.. report.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal))];
}
