using System.Buffers.Binary;
using System.Diagnostics;

namespace Emu.Guest.Tests.ElTorito;

/// <summary>
/// El Torito CDs built the way their users build them, with Debian's xorriso (<c>-as mkisofs</c>):
/// a floppy-emulation CD (the emulation follows the image's size, 1.2/1.44/2.88 MB) and a
/// hard-disk-emulation CD (<c>-hard-disk-boot</c>, an image with an MBR of one partition).
/// </summary>
internal static class ElToritoMedia
{
    /// <summary>The first image sector the test tags: the boot sector and boot.inc's program come before it.</summary>
    public const int FirstTaggedSector = 7;

    /// <summary>The emulated hard disk's geometry (its partition's end CHS): 10 cylinders, 16 heads, 63 sectors.</summary>
    public const int DiskCylinders = 10;
    public const int DiskHeads = 16;
    public const int DiskSectors = 63;

    /// <summary>A CD whose boot image is a floppy of <paramref name="bytes"/> bytes booting firmware/tests/eltorito.asm.</summary>
    public static string FloppyCd(string directory, int bytes) =>
        Cd(directory, $"floppy-{bytes}", TaggedImage(bytes), hardDisk: false);

    /// <summary>A CD whose boot image is a 10/16/63 hard disk booting firmware/tests/eltorito.asm.</summary>
    public static string HardDiskCd(string directory)
    {
        byte[] image = TaggedImage(DiskCylinders * DiskHeads * DiskSectors * 512);
        // One active partition from CHS 0/1/1 to the last cylinder, head and sector.
        Span<byte> entry = image.AsSpan(0x1BE, 16);
        int lastCylinder = DiskCylinders - 1;
        entry[0] = 0x80;
        entry[1] = 1;
        entry[2] = 1;
        entry[3] = 0;
        entry[4] = 0x01;
        entry[5] = DiskHeads - 1;
        entry[6] = (byte)(DiskSectors | ((lastCylinder >> 2) & 0xC0));
        entry[7] = (byte)lastCylinder;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], DiskSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)((DiskCylinders * DiskHeads * DiskSectors) - DiskSectors));
        return Cd(directory, "hard-disk", image, hardDisk: true);
    }

    /// <summary>A real drive for the number the emulation moves up: sector 0 starts with "REAL" and ends with 55h AAh.</summary>
    public static string RealDrive(string directory, string name, int bytes)
    {
        byte[] image = new byte[bytes];
        "REAL"u8.CopyTo(image);
        image[510] = 0x55;
        image[511] = 0xAA;
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, image);
        return path;
    }

    /// <summary>Runs xorriso; a non-zero exit fails the test.</summary>
    public static void Xorriso(params string[] args)
    {
        ProcessStartInfo start = new("xorriso") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["-as", "mkisofs", "-quiet", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"xorriso {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{output}");
    }

    /// <summary>The program in its first sectors; every later 512-byte sector starts with its LBA and ends with 55h AAh.</summary>
    private static byte[] TaggedImage(int bytes)
    {
        byte[] image = new byte[bytes];
        for (int lba = FirstTaggedSector; lba < bytes / 512; lba++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan(lba * 512), lba);
            image[(lba * 512) + 510] = 0x55;
            image[(lba * 512) + 511] = 0xAA;
        }

        byte[] program = GuestImages.TestProgram("eltorito");
        Assert.True(program.Length <= FirstTaggedSector * 512, "eltorito.asm outgrew the sectors before the tagged ones");
        Assert.All(program[0x1BE..0x1FE], b => Assert.Equal(0, b));
        program.CopyTo(image, 0);
        return image;
    }

    private static string Cd(string directory, string name, byte[] image, bool hardDisk)
    {
        string root = Path.Combine(directory, name);
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Combine(root, "boot.img"), image);
        string iso = Path.Combine(directory, name + ".iso");
        Xorriso(["-o", iso, "-b", "boot.img", "-c", "boot.cat", .. hardDisk ? (string[])["-hard-disk-boot"] : [], root]);
        return iso;
    }
}
