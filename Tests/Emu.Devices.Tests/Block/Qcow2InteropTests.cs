using System.Globalization;
using Emu.Devices.Block;

namespace Emu.Devices.Tests.Block;

/// <summary>Images Emu writes, with the snapshots it creates and deletes, are what qemu-img expects.</summary>
public sealed class Qcow2InteropTests
{
    private const int Size = 8 * 1024 * 1024;

    [Theory]
    [InlineData("0.10", 65536)]
    [InlineData("1.1", 65536)]
    [InlineData("1.1", 512)]
    [InlineData("0.10", 2 * 1024 * 1024)]
    public void SnapshotsAreSeenByQemuImg(string compat, int clusterSize)
    {
        using TempDirectory dir = new();
        string image = dir.File("snap.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", "-o", $"compat={compat},cluster_size={clusterSize}", image, Size.ToString(CultureInfo.InvariantCulture));
        byte[] model = new byte[Size];
        byte[] atB;
        byte[] atC;
        using (IBlockBackend emu = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2" }))
        {
            IInternalSnapshots snapshots = (IInternalSnapshots)emu;
            Fill(emu, model, 0, 300_000, 0xA1);
            Fill(emu, model, 5_000_000, 70_000, 0xA2);
            Assert.Equal("1", snapshots.CreateSnapshot("a", 1_700_000_000, 5, 0).Id);
            Fill(emu, model, 100_000, 400_000, 0xB1);
            Assert.Equal("2", snapshots.CreateSnapshot("b", 1_700_000_001, 6, 1_000_000).Id);
            atB = (byte[])model.Clone();
            Assert.Equal("a", snapshots.DeleteSnapshot("1", null).Name);
            Fill(emu, model, 7_000_000, 100_000, 0xC1);
            emu.WriteZeroes(0, 65536, ZeroFlags.MayUnmap);
            model.AsSpan(0, 65536).Clear();
            Assert.Equal("3", snapshots.CreateSnapshot("c", 1_700_000_002, 7, 2_000_000).Id);
            atC = (byte[])model.Clone();
            Fill(emu, model, 0, 1_000_000, 0xD1);
            Assert.Equal(["2", "3"], snapshots.ListSnapshots().Select(s => s.Id));
        }

        QemuTools.AssertClean(image);
        string listing = QemuTools.Ok("qemu-img", "snapshot", "-l", image);
        string[] rows = listing.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0])).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(["2", "b"], rows[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2]);
        Assert.Equal(["3", "c"], rows[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2]);
        Assert.Equal(model, QemuTools.ConvertToRaw(image, dir.Path));

        QemuTools.Img("snapshot", "-a", "2", image);
        Assert.Equal(atB, QemuTools.ConvertToRaw(image, dir.Path));
        QemuTools.Img("snapshot", "-a", "c", image);
        Assert.Equal(atC, QemuTools.ConvertToRaw(image, dir.Path));
        QemuTools.AssertClean(image);

        // And back: a snapshot qemu-img creates is reverted and deleted by Emu.
        QemuTools.Img("snapshot", "-c", "q", image);
        QemuTools.Io(image, "qcow2", "write -P 0x77 0 1M");
        using (IBlockBackend emu = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2" }))
        {
            IInternalSnapshots snapshots = (IInternalSnapshots)emu;
            Assert.Equal("4", snapshots.ListSnapshots()[^1].Id);
            snapshots.RevertToSnapshot("q");
            QemuImageReadTests.AssertSameContents(atC, emu);
            snapshots.DeleteSnapshot(null, "q");
            snapshots.DeleteSnapshot("2", "b");
        }

        QemuTools.AssertClean(image);
        Assert.Equal(atC, QemuTools.ConvertToRaw(image, dir.Path));
    }

    [Theory]
    [InlineData(2, 65536, 1L << 30)]
    [InlineData(3, 65536, 1L << 30)]
    [InlineData(3, 65536, 64L << 20)]
    [InlineData(3, 4096, 100L << 20)]
    public void CreatedImagesMatchQemuImgCreate(int version, int clusterSize, long size)
    {
        using TempDirectory dir = new();
        string ours = dir.File("emu.qcow2");
        string theirs = dir.File("qemu.qcow2");
        Qcow2Creator.Create(ours, size, version, clusterSize);
        QemuTools.Img("create", "-q", "-f", "qcow2", "-o", $"compat={(version == 2 ? "0.10" : "1.1")},cluster_size={clusterSize}", theirs, size.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
    }

    [Fact]
    public void BackingFileOverlayCopiesOnWrite()
    {
        using TempDirectory dir = new();
        string baseImage = dir.File("base.raw");
        QemuTools.Img("create", "-q", "-f", "raw", baseImage, "2M");
        QemuTools.Io(baseImage, "raw", "write -P 0x5a 0 2M");
        string overlay = dir.File("top.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", overlay);
        byte[] model = new byte[2 * 1024 * 1024];
        model.AsSpan().Fill(0x5a);
        using (IBlockBackend emu = BlockImage.Open(overlay, new BlockOpenOptions()))
        {
            Fill(emu, model, 1000, 10, 0x01);
            Fill(emu, model, 70_000, 200_000, 0x02);
            emu.WriteZeroes(1_048_576, 65536, ZeroFlags.None);
            model.AsSpan(1_048_576, 65536).Clear();
            QemuImageReadTests.AssertSameContents(model, emu);
            Assert.Equal(BlockStatus.Data, emu.GetStatus(1_200_000, 100, out _));
        }

        QemuTools.AssertClean(overlay);
        Assert.Equal(model, QemuTools.ConvertToRaw(overlay, dir.Path));
        Assert.All(File.ReadAllBytes(baseImage), b => Assert.Equal(0x5a, b));
    }

    [Fact]
    public void SnapshotOptionWritesToATemporaryOverlay()
    {
        using TempDirectory dir = new();
        string image = dir.File("disk.raw");
        QemuTools.Img("create", "-q", "-f", "raw", image, "1M");
        using (IBlockBackend emu = BlockImage.Open(image, new BlockOpenOptions { Format = "raw", Snapshot = true, TemporaryDirectory = dir.Path }))
        {
            emu.Write(4096, new byte[] { 1, 2, 3 });
            byte[] back = new byte[3];
            emu.Read(4096, back);
            Assert.Equal(new byte[] { 1, 2, 3 }, back);
            Assert.Single(Directory.GetFiles(dir.Path));
        }

        Assert.All(File.ReadAllBytes(image), b => Assert.Equal(0, b));
    }

    private static void Fill(IBlockBackend emu, byte[] model, int offset, int length, byte value)
    {
        byte[] data = new byte[length];
        data.AsSpan().Fill(value);
        data[0] = (byte)(value ^ 0xFF);
        emu.Write(offset, data);
        data.CopyTo(model, offset);
    }
}
