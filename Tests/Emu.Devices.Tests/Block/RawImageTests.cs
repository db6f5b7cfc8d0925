using Emu.Devices.Block;

namespace Emu.Devices.Tests.Block;

/// <summary>Raw images: hole detection, discard=unmap, format probing with QEMU's warning and its block-0 rule, open errors.</summary>
public sealed class RawImageTests
{
    [Fact]
    public void HolesAreReportedAsZeroAndDataAsData()
    {
        using TempDirectory dir = new();
        string image = dir.File("sparse.raw");
        using (FileStream f = File.Create(image))
        {
            // qemu-img create would allocate the first 4 KiB; a plain truncate leaves all holes.
            f.SetLength(4L << 20);
        }

        QemuTools.Io(image, "raw", "write -P 0x11 1M 64k");
        using IBlockBackend raw = BlockImage.Open(image, new BlockOpenOptions { Format = "raw", Discard = DiscardMode.Unmap });
        Assert.Equal(BlockStatus.Hole | BlockStatus.Zero, raw.GetStatus(0, raw.Length, out long hole));
        Assert.Equal(1L << 20, hole);
        Assert.Equal(BlockStatus.Data, raw.GetStatus(1L << 20, raw.Length - (1L << 20), out long data));
        Assert.Equal(65536, data);

        raw.Discard(1L << 20, 65536);
        Assert.Equal(BlockStatus.Hole | BlockStatus.Zero, raw.GetStatus(1L << 20, 65536, out _));
        byte[] back = new byte[65536];
        raw.Read(1L << 20, back);
        Assert.All(back, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ProbedRawWarnsAndRefusesAFormatHeaderInBlockZero()
    {
        using TempDirectory dir = new();
        string image = dir.File("probed.img");
        QemuTools.Img("create", "-q", "-f", "raw", image, "1M");
        List<string> warnings = [];
        using (IBlockBackend raw = BlockImage.Open(image, new BlockOpenOptions { Warning = warnings.Add }))
        {
            Assert.Equal("raw", raw.Format);
            Assert.Equal(
                $"WARNING: Image format was not specified for '{image}' and probing guessed raw.\n"
                + "         Automatically detecting the format is dangerous for raw images, write operations on block 0 will be restricted.\n"
                + "         Specify the 'raw' format explicitly to remove the restrictions.",
                Assert.Single(warnings));
            raw.Write(0, new byte[512]);
            byte[] qcowMagic = [0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3];
            BlockException e = Assert.Throws<BlockException>(() => raw.Write(0, qcowMagic));
            Assert.Equal(BlockError.ReadOnly, e.Error);
            Assert.Equal("Operation not permitted", e.Message);
            raw.Write(512, qcowMagic);
        }

        using (IBlockBackend raw = BlockImage.Open(image, new BlockOpenOptions { Format = "raw", Warning = warnings.Add }))
        {
            raw.Write(0, new byte[] { 0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3 });
        }

        Assert.Single(warnings);
    }

    [Fact]
    public void MissingFilesGiveQemusText()
    {
        BlockException e = Assert.Throws<BlockException>(() => BlockImage.Open("/nonexistent/x.img", new BlockOpenOptions()));
        Assert.Equal("Could not open '/nonexistent/x.img': No such file or directory", e.Message);
        Assert.Equal("No such file or directory", e.Reason);
    }

    [Fact]
    public void UnsupportedQcow2FeaturesAreRefusedByName()
    {
        using TempDirectory dir = new();
        string image = dir.File("ext.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", "-o", "extended_l2=on", image, "1M");
        BlockException e = Assert.Throws<BlockException>(() => BlockImage.Open(image, new BlockOpenOptions()));
        Assert.Equal($"Could not open '{image}': Unsupported qcow2 feature(s): extended L2 entries", e.Message);

        string zstd = dir.File("zstd.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", "-o", "compression_type=zstd", zstd, "1M");
        e = Assert.Throws<BlockException>(() => BlockImage.Open(zstd, new BlockOpenOptions()));
        Assert.Equal("Unsupported qcow2 feature(s): compression type", e.Reason);

        string dataFile = dir.File("data.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", "-o", "data_file=" + dir.File("data.bin"), dataFile, "1M");
        e = Assert.Throws<BlockException>(() => BlockImage.Open(dataFile, new BlockOpenOptions()));
        Assert.Equal("Unsupported qcow2 feature(s): external data file", e.Reason);
    }
}
