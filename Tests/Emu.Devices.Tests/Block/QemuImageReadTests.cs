using Emu.Devices.Block;

namespace Emu.Devices.Tests.Block;

/// <summary>Images made by qemu-img/qemu-io read back byte-identical to <c>qemu-img convert -O raw</c>, for the active layer and each snapshot.</summary>
public sealed class QemuImageReadTests
{
    private const long Size = 4 * 1024 * 1024;

    public static TheoryData<string, int, bool, bool, bool> Cases()
    {
        TheoryData<string, int, bool, bool, bool> data = [];
        foreach (string compat in new[] { "0.10", "1.1" })
        {
            foreach (int cluster in new[] { 512, 4096, 65536, 2 * 1024 * 1024 })
            {
                data.Add(compat, cluster, false, false, false);
                data.Add(compat, cluster, true, false, false);
                data.Add(compat, cluster, false, true, false);
                data.Add(compat, cluster, false, false, true);
            }
        }

        data.Add("1.1", 65536, true, true, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadsLikeQemuImgConvert(string compat, int clusterSize, bool withBacking, bool withSnapshots, bool compressed)
    {
        using TempDirectory dir = new();
        string image = dir.File("test.qcow2");
        List<string> create = ["create", "-q", "-f", "qcow2", "-o", $"compat={compat},cluster_size={clusterSize}"];
        if (withBacking)
        {
            string backing = dir.File("base.qcow2");
            QemuTools.Img("create", "-q", "-f", "qcow2", backing, Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            QemuTools.Io(backing, "qcow2", "write -P 0x11 0 1M", "write -P 0x22 2M 300k", "write -P 0x33 3999k 1k");
            create.AddRange(["-b", "base.qcow2", "-F", "qcow2"]);
        }

        create.Add(compressed ? dir.File("plain.qcow2") : image);
        create.Add(Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        QemuTools.Img([.. create]);
        string target = compressed ? dir.File("plain.qcow2") : image;
        QemuTools.Io(target, "qcow2", "write -P 0x41 0 64k", "write -P 0x42 100k 3k", "write -P 0x43 1000k 200k", "write -z 1100k 8k");
        List<string> snapshots = [];
        if (withSnapshots)
        {
            QemuTools.Img("snapshot", "-c", "first", target);
            QemuTools.Io(target, "qcow2", "write -P 0x51 50k 20k", "write -P 0x52 3M 64k", "discard 0 64k");
            QemuTools.Img("snapshot", "-c", "second", target);
            QemuTools.Io(target, "qcow2", "write -P 0x61 60k 1k", "write -z 3M 4k");
            snapshots.AddRange(["1", "2"]);
        }

        if (compressed)
        {
            QemuTools.Img("convert", "-c", "-O", "qcow2", "-o", $"compat={compat},cluster_size={clusterSize}", target, image);
        }

        byte[] expected = QemuTools.ConvertToRaw(image, dir.Path);
        using (IBlockBackend emu = BlockImage.Open(image, new BlockOpenOptions { ReadOnly = true }))
        {
            Assert.Equal("qcow2", emu.Format);
            Assert.Equal(Size, emu.Length);
            AssertSameContents(expected, emu);
        }

        foreach (string id in snapshots)
        {
            byte[] snapshotData = QemuTools.ConvertToRaw(image, dir.Path, id);
            string copy = dir.File($"copy{id}.qcow2");
            File.Copy(image, copy, overwrite: true);
            using IBlockBackend emu = BlockImage.Open(copy, new BlockOpenOptions { Format = "qcow2" });
            ((IInternalSnapshots)emu).RevertToSnapshot(id);
            AssertSameContents(snapshotData, emu);
        }
    }

    internal static void AssertSameContents(byte[] expected, IBlockBackend image)
    {
        Assert.Equal(expected.LongLength, image.Length);
        byte[] actual = new byte[expected.Length];
        // Odd-sized reads at odd offsets exercise cluster boundaries and run merging.
        int offset = 0;
        int step = 77_777;
        while (offset < actual.Length)
        {
            int n = Math.Min(step, actual.Length - offset);
            image.Read(offset, actual.AsSpan(offset, n));
            offset += n;
            step = step == 77_777 ? 1_000_003 : 77_777;
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"first difference at byte {i}: expected 0x{expected[i]:x2}, read 0x{actual[i]:x2}");
            }
        }
    }
}
