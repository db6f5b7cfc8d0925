using Emu.Bios.Disk;
using Emu.Devices.Storage;

namespace Emu.Bios.Tests;

public sealed class GeometryTests
{
    private const long MiB = 1 << 20;

    // ide-atapi-bios.md C.9, no partition table: size, physical, then logical for none/lba/large/rechs.
    [Theory]
    [InlineData(10 * MiB, "20/16/63", "20/16/63", "20/16/63", "20/16/63", "21/15/63")]
    [InlineData(504 * MiB, "1024/16/63", "1024/16/63", "1024/16/63", "1024/16/63", "546/30/63")]
    [InlineData(528 * MiB, "1072/16/63", "1024/16/63", "1024/16/63", "536/32/63", "571/30/63")]
    [InlineData(2048 * MiB, "4161/16/63", "1024/16/63", "520/128/63", "520/128/63", "554/120/63")]
    [InlineData(4032 * MiB, "8192/16/63", "1024/16/63", "1024/128/63", "1024/128/63", "546/240/63")]
    [InlineData(8032 * MiB, "16318/16/63", "1024/16/63", "1023/255/63", "1024/128/63", "1024/240/63")]
    [InlineData(200L * 1024 * MiB, "16383/16/63", "1024/16/63", "1024/255/63", "1024/128/63", "1024/240/63")]
    public void TranslationPoliciesMatchSeaBios(long bytes, string physical, string none, string lba, string large, string rechs)
    {
        long sectors = bytes / 512;
        (ChsGeometry p, _) = GeometryGuess.Guess(new byte[512], sectors);

        Assert.Equal(physical, p.ToString());
        Assert.Equal(none, LogicalGeometry.Compute(p, sectors, ChsTranslation.None).ToString());
        Assert.Equal(lba, LogicalGeometry.Compute(p, sectors, ChsTranslation.Lba).ToString());
        Assert.Equal(large, LogicalGeometry.Compute(p, sectors, ChsTranslation.Large).ToString());
        Assert.Equal(rechs, LogicalGeometry.Compute(p, sectors, ChsTranslation.Rechs).ToString());
    }

    [Theory]
    [InlineData(10 * MiB, ChsTranslation.None)]
    [InlineData(528 * MiB, ChsTranslation.Lba)]
    [InlineData(8L * 1024 * MiB, ChsTranslation.Lba)]
    public void AutoTranslationWithoutPartitionTable(long bytes, ChsTranslation expected)
    {
        (_, ChsTranslation auto) = GeometryGuess.Guess(new byte[512], bytes / 512);
        Assert.Equal(expected, auto);
    }

    // MBR implying 255 heads / 63 sectors: auto becomes LARGE up to 8192 cylinders, LBA beyond.
    [Theory]
    [InlineData(10 * MiB, ChsTranslation.Large, "20/16/63")]
    [InlineData(2048 * MiB, ChsTranslation.Large, "520/128/63")]
    [InlineData(4032 * MiB, ChsTranslation.Large, "1024/128/63")]
    [InlineData(4033 * MiB, ChsTranslation.Lba, "1024/128/63")]
    [InlineData(8L * 1024 * MiB, ChsTranslation.Lba, "1024/255/63")]
    public void PartitionTableWith255HeadsChoosesLargeOrLba(long bytes, ChsTranslation expected, string logical)
    {
        long sectors = bytes / 512;
        byte[] mbr = Mbr(endHead: 254, endSector: 63);
        (ChsGeometry p, ChsTranslation auto) = GeometryGuess.Guess(mbr, sectors);

        Assert.Equal(expected, auto);
        Assert.Equal(logical, LogicalGeometry.Compute(p, sectors, auto).ToString());
    }

    [Fact]
    public void PartitionTableWith16HeadsKeepsItsGeometryWithoutTranslation()
    {
        long sectors = 2048 * MiB / 512;
        (ChsGeometry p, ChsTranslation auto) = GeometryGuess.Guess(Mbr(endHead: 15, endSector: 63), sectors);

        Assert.Equal(ChsTranslation.None, auto);
        Assert.Equal("4161/16/63", p.ToString());
        Assert.Equal("1024/16/63", LogicalGeometry.Compute(p, sectors, auto).ToString());
    }

    [Fact]
    public void PartitionTableWith4Heads17SectorsOn10MiB()
    {
        long sectors = 10 * MiB / 512;
        (ChsGeometry p, ChsTranslation auto) = GeometryGuess.Guess(Mbr(endHead: 3, endSector: 17), sectors);

        Assert.Equal("301/4/17", p.ToString());
        Assert.Equal(ChsTranslation.None, auto);
        Assert.Equal("20/16/63", LogicalGeometry.Compute(p, sectors, ChsTranslation.Lba).ToString());
    }

    private static byte[] Mbr(int endHead, int endSector)
    {
        byte[] mbr = new byte[512];
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        mbr[0x1BE + 5] = (byte)endHead;
        mbr[0x1BE + 6] = (byte)endSector;
        mbr[0x1BE + 12] = 1;
        return mbr;
    }
}
