using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Emu.Devices.Block;
using Xunit.Abstractions;

namespace Emu.Devices.Tests.Block;

/// <summary>
/// Mutated headers and tables (bad magic, tables past the end, self-referencing refcounts, huge
/// sizes, overlapping tables, truncation) are refused with a <see cref="BlockException"/> or read
/// safely: never another exception, never a hang.
/// </summary>
public sealed class Qcow2FuzzTests
{
    private static readonly ulong[] Interesting =
    [
        0, 1, 7, 8, 9, 0x1FF, 0x200, 0x1000, 0x10000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, ulong.MaxValue, 0x00FF_FFFF_FFFF_FE00,
        0x4000_0000_0000_0000, 0x8000_0000_0001_0000, 0x8000_0000_0000_0200,
    ];

    private readonly ITestOutputHelper _output;

    public Qcow2FuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void MutatedImagesFailCleanly()
    {
        using TempDirectory dir = new();
        List<byte[]> bases = BuildBases(dir);
        string target = dir.File("fuzz.qcow2");
        Random random = new(4242);
        int refused = 0;
        long slowest = 0;
        byte[] buffer = new byte[256 * 1024];
        for (int i = 0; i < 10_000; i++)
        {
            byte[] image = (byte[])bases[i % bases.Count].Clone();
            image = Mutate(image, random);
            File.WriteAllBytes(target, image);
            bool writable = random.Next(4) == 0;
            Stopwatch watch = Stopwatch.StartNew();
            try
            {
                Exercise(target, writable, random, buffer);
            }
            catch (BlockException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            slowest = Math.Max(slowest, watch.ElapsedMilliseconds);
            // Only a hang trips this: the slowest case takes well under a second on a quiet machine.
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(5), $"case {i} took {watch.Elapsed}");
        }

        _output.WriteLine($"{refused} of 10000 refused; slowest case {slowest} ms");
        Assert.True(refused > 1000, $"only {refused} of 10000 mutated images were refused");
    }

    private static void Exercise(string path, bool writable, Random random, byte[] buffer)
    {
        using IBlockBackend disk = BlockImage.Open(path, new BlockOpenOptions { Format = "qcow2", ReadOnly = !writable, Locking = false, Cache = CacheMode.Unsafe });
        long length = disk.Length;
        int n = (int)Math.Min(length, buffer.Length);
        disk.Read(0, buffer.AsSpan(0, n));
        for (int k = 0; k < 8 && length > 0; k++)
        {
            long offset = (long)(random.NextDouble() * length);
            int count = (int)Math.Min(length - offset, random.Next(1, buffer.Length));
            disk.Read(offset, buffer.AsSpan(0, count));
        }

        long pos = 0;
        for (int k = 0; k < 64 && pos < length; k++)
        {
            disk.GetStatus(pos, length - pos, out long extent);
            Assert.True(extent > 0);
            pos += extent;
        }

        if (disk is IInternalSnapshots snapshots)
        {
            IReadOnlyList<SnapshotInfo> list = snapshots.ListSnapshots();
            if (writable)
            {
                disk.Write(Math.Min(length / 2, length - 4096) & ~511L, buffer.AsSpan(0, (int)Math.Min(4096, length)));
                if (list.Count > 0)
                {
                    snapshots.RevertToSnapshot(list[0].Id);
                }

                snapshots.CreateSnapshot("fuzz", 0, 0, 0);
                disk.Flush();
            }
        }
    }

    private static byte[] Mutate(byte[] image, Random random)
    {
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            int kind = random.Next(10);
            int limit = random.Next(3) == 0 ? image.Length : Math.Min(image.Length, 112);
            int at = random.Next(limit);
            switch (kind)
            {
                case 0:
                    image[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    image[at] = (byte)random.Next(256);
                    break;
                case 2 or 3 or 4:
                    // An interesting 64-bit value on an 8-aligned field (offsets, sizes, entries).
                    at &= ~7;
                    if (at + 8 <= image.Length)
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(image.AsSpan(at), Interesting[random.Next(Interesting.Length)]);
                    }

                    break;
                case 5 or 6:
                    at &= ~3;
                    if (at + 4 <= image.Length)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(at), (uint)Interesting[random.Next(Interesting.Length)]);
                    }

                    break;
                case 7:
                    // Point a field at another table: overlapping structures.
                    at &= ~7;
                    if (at + 8 <= image.Length)
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(image.AsSpan(at), (ulong)(uint)(random.Next(8) * 512) | (random.Next(2) == 0 ? 0x8000_0000_0000_0000UL : 0));
                    }

                    break;
                case 8:
                    Array.Resize(ref image, random.Next(image.Length));
                    break;
                default:
                    at &= ~7;
                    if (at + 8 <= image.Length)
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(image.AsSpan(at), (ulong)random.NextInt64());
                    }

                    break;
            }
        }

        return image;
    }

    private static List<byte[]> BuildBases(TempDirectory dir)
    {
        List<byte[]> bases = [];
        string[][] variants =
        [
            ["compat=1.1,cluster_size=512"],
            ["compat=0.10,cluster_size=4096"],
            ["compat=1.1,cluster_size=65536"],
        ];
        int index = 0;
        foreach (string[] options in variants)
        {
            string image = dir.File($"base{index++}.qcow2");
            QemuTools.Img("create", "-q", "-f", "qcow2", "-o", options[0], image, "1M");
            QemuTools.Io(image, "qcow2", "write -P 0x21 0 8k", "write -P 0x22 300k 5k", "write -z 500k 64k");
            bases.Add(File.ReadAllBytes(image));
            QemuTools.Img("snapshot", "-c", "s1", image);
            QemuTools.Io(image, "qcow2", "write -P 0x23 4k 4k");
            QemuTools.Img("snapshot", "-c", "s2", image);
            bases.Add(File.ReadAllBytes(image));
            string compressed = dir.File($"comp{index}.qcow2");
            QemuTools.Img("convert", "-c", "-O", "qcow2", "-o", options[0], image, compressed);
            bases.Add(File.ReadAllBytes(compressed));
        }

        return bases;
    }
}
