using Emu.Bios.Video;
using Emu.Core.Memory;

namespace Emu.Bios.Tests;

public sealed class VideoOptionRomTests
{
    private static byte[] Rom(int blocks, int fileLength)
    {
        byte[] image = new byte[fileLength];
        image[0] = 0x55;
        image[1] = 0xAA;
        image[2] = (byte)blocks;
        image[3] = 0xCB;
        image[100] = 0x42;
        byte sum = 0;
        foreach (byte b in image.AsSpan(0, blocks * 512))
        {
            sum += b;
        }

        image[5] = (byte)-sum;
        return image;
    }

    [Fact]
    public void AValidRomIsCutToItsHeaderLengthAndCopiedToC0000()
    {
        VideoOptionRom rom = VideoOptionRom.Parse(Rom(2, 4096), 0x10);
        Assert.Equal(1024, rom.Image.Length);
        Assert.Equal(0x10, rom.PciDevfn);
        PhysicalMemory memory = new(1 << 20);
        rom.CopyTo(memory);
        Assert.Equal(0xAA55, memory.Read16(0xC0000));
        Assert.Equal(0x42, memory.Read8(0xC0000 + 100));
    }

    [Fact]
    public void SeaVgaBiosOfDebianIsAValidRom()
    {
        string path = "/usr/share/seabios/vgabios-stdvga.bin";
        Assert.True(File.Exists(path), "Debian's seabios package is missing");
        VideoOptionRom rom = VideoOptionRom.Parse(File.ReadAllBytes(path), 0x10);
        Assert.True(rom.Image.Length > 0x8000);
    }

    [Theory]
    [InlineData(0, "signature")]
    [InlineData(1, "checksum")]
    [InlineData(2, "length")]
    [InlineData(3, "length")]
    public void ABrokenRomIsRefusedNamingWhy(int fault, string named)
    {
        byte[] image = Rom(2, 2048);
        switch (fault)
        {
            case 0:
                image[1] = 0xAB;
                break;
            case 1:
                image[100]++;
                break;
            case 2:
                image = image[..600];
                break;
            case 3:
                image[2] = 0;
                break;
        }

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => VideoOptionRom.Parse(image, null));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
