namespace Emu.Guest.Tests.Floppy;

/// <summary>The floppies firmware/tests/fdc.asm runs against, written into a test's scratch directory.</summary>
internal static class FloppyMedia
{
    public const int Bytes144 = 1_474_560;
    public const int Bytes288 = 2_949_120;

    /// <summary>The byte fdc.asm finds at <paramref name="offset"/> of drive A from cylinder 1 on (LBA 36).</summary>
    public static byte PatternAt(int offset)
    {
        int lba = offset / 512;
        return (byte)((lba * 7) + ((offset % 512) * 3) + (lba >> 8));
    }

    /// <summary>Drive A: the program in the first sectors, the pattern from cylinder 1 on.</summary>
    public static string ProgramFloppy(string directory)
    {
        byte[] floppy = new byte[Bytes144];
        GuestImages.TestProgram("fdc").CopyTo(floppy, 0);
        for (int offset = 36 * 512; offset < floppy.Length; offset++)
        {
            floppy[offset] = PatternAt(offset);
        }

        string path = Path.Combine(directory, "fdc.flp");
        File.WriteAllBytes(path, floppy);
        return path;
    }

    /// <summary>Drive B: an empty 2.88 MB floppy the program writes C5 H1 R3 of.</summary>
    public static string Scratch(string directory, string name)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, new byte[Bytes288]);
        return path;
    }

    /// <summary>The -drive options: A read-only, B the scratch floppy or (null) an empty drive.</summary>
    public static string[] Drives(string programFloppy, string? scratch) =>
    [
        "-boot", "a",
        "-drive", $"file={programFloppy},if=floppy,format=raw,readonly=on",
        "-drive", scratch is null ? "if=floppy,index=1" : $"file={scratch},if=floppy,format=raw,index=1",
    ];
}
