using System.Globalization;
using Emu.Devices.Block;

namespace Emu.Devices.Tests.Block;

/// <summary>
/// Seeded random reads, writes, discards and zero-writes with snapshot create/delete/revert and
/// reopens, checked byte for byte against an in-memory model, ending qemu-img-clean with every
/// snapshot readable by qemu-img.
/// </summary>
public sealed class Qcow2StressTests
{
    private const int Size = 6 * 1024 * 1024;

    [Theory]
    [InlineData("0.10", 512, 20_000, 1)]
    [InlineData("1.1", 4096, 20_000, 2)]
    [InlineData("1.1", 65536, 5_000, 3)]
    public void RandomOperationsMatchModel(string compat, int clusterSize, int operations, int seed)
    {
        using TempDirectory dir = new();
        string image = dir.File("stress.qcow2");
        QemuTools.Img("create", "-q", "-f", "qcow2", "-o", $"compat={compat},cluster_size={clusterSize}", image, Size.ToString(CultureInfo.InvariantCulture));
        BlockOpenOptions options = new() { Format = "qcow2", Discard = DiscardMode.Unmap, Cache = CacheMode.Unsafe };
        Random random = new(seed);
        byte[] model = new byte[Size];
        Dictionary<string, byte[]> snapshotModels = [];
        byte[] buffer = new byte[256 * 1024];
        IBlockBackend emu = BlockImage.Open(image, options);
        try
        {
            for (int op = 0; op < operations; op++)
            {
                int kind = random.Next(1000);
                (long offset, int length) = RandomRange(random, clusterSize);
                if (kind < 400)
                {
                    Span<byte> data = buffer.AsSpan(0, length);
                    data.Fill((byte)random.Next(1, 256));
                    random.NextBytes(data[..Math.Min(length, 64)]);
                    random.NextBytes(data[(length - Math.Min(length, 64))..]);
                    emu.Write(offset, data);
                    data.CopyTo(model.AsSpan((int)offset));
                }
                else if (kind < 750)
                {
                    Span<byte> data = buffer.AsSpan(0, length);
                    emu.Read(offset, data);
                    AssertEqual(model.AsSpan((int)offset, length), data, offset, op);
                }
                else if (kind < 850)
                {
                    emu.Discard(offset, length);
                    long first = (offset + clusterSize - 1) / clusterSize * clusterSize;
                    long last = (offset + length) / clusterSize * clusterSize;
                    if (last > first)
                    {
                        model.AsSpan((int)first, (int)(last - first)).Clear();
                    }
                }
                else if (kind < 955)
                {
                    emu.WriteZeroes(offset, length, random.Next(2) == 0 ? ZeroFlags.MayUnmap : ZeroFlags.None);
                    model.AsSpan((int)offset, length).Clear();
                }
                else if (kind < 967)
                {
                    SnapshotInfo info = ((IInternalSnapshots)emu).CreateSnapshot("s" + op, 1_700_000_000 + op, op, op * 1000L);
                    snapshotModels[info.Id] = (byte[])model.Clone();
                }
                else if (kind < 985 && snapshotModels.Count > 0)
                {
                    string id = snapshotModels.Keys.ElementAt(random.Next(snapshotModels.Count));
                    ((IInternalSnapshots)emu).DeleteSnapshot(id, null);
                    snapshotModels.Remove(id);
                }
                else if (kind < 992 && snapshotModels.Count > 0)
                {
                    string id = snapshotModels.Keys.ElementAt(random.Next(snapshotModels.Count));
                    ((IInternalSnapshots)emu).RevertToSnapshot(id);
                    snapshotModels[id].CopyTo(model, 0);
                }
                else if (kind < 996)
                {
                    emu.Flush();
                }
                else
                {
                    emu.Dispose();
                    emu = BlockImage.Open(image, options);
                }
            }

            byte[] all = new byte[Size];
            emu.Read(0, all);
            AssertEqual(model, all, 0, operations);
        }
        finally
        {
            emu.Dispose();
        }

        QemuTools.AssertClean(image);
        AssertEqual(model, QemuTools.ConvertToRaw(image, dir.Path), 0, -1);
        Assert.Equal(snapshotModels.Count, QemuTools.Ok("qemu-img", "snapshot", "-l", image).Split('\n').Count(l => l.Length > 0 && char.IsDigit(l[0])));
        foreach ((string id, byte[] expected) in snapshotModels)
        {
            AssertEqual(expected, QemuTools.ConvertToRaw(image, dir.Path, id), 0, -1000 - int.Parse(id, CultureInfo.InvariantCulture));
        }
    }

    private static (long Offset, int Length) RandomRange(Random random, int clusterSize)
    {
        int length = random.Next(4) switch
        {
            0 => random.Next(1, 4096),
            1 => 512 * random.Next(1, 16),
            2 => clusterSize * random.Next(1, 4),
            _ => random.Next(1, 256 * 1024),
        };
        length = Math.Min(length, 256 * 1024);
        long offset = random.Next(3) == 0 ? random.Next(Size / 512) * 512L : random.Next(Size);
        offset = Math.Min(offset, Size - length);
        return (offset, length);
    }

    private static void AssertEqual(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, long offset, int op)
    {
        Assert.Equal(expected.Length, actual.Length);
        int i = expected.CommonPrefixLength(actual);
        if (i < expected.Length)
        {
            Assert.Fail($"op {op}: byte {offset + i} differs: expected 0x{expected[i]:x2}, got 0x{actual[i]:x2}");
        }
    }
}
