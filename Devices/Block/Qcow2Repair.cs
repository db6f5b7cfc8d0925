namespace Emu.Devices.Block;

/// <summary>
/// Refcount rebuild for an image opened read-write with the dirty bit set (qcow2.md §5.3): every
/// refcount is recomputed from what the header, the refcount structure, the active L1 and each
/// snapshot reference, as <c>qemu-img check -r all</c> does, before the first write.
/// </summary>
internal static class Qcow2Repair
{
    private const long MaxClusters = 1L << 26;

    public static void RebuildRefcounts(HostFile file, Qcow2Header header, Qcow2Refcounts refcounts, Qcow2ClusterMap map, Qcow2Snapshots snapshots)
    {
        int bits = header.ClusterBits;
        long fileClusters = (file.Length + header.ClusterSize - 1) >> bits;
        if (fileClusters > MaxClusters)
        {
            throw Refuse("image too large for an in-memory refcount rebuild");
        }

        Dictionary<long, uint> extra = [];
        uint[] counts = new uint[fileClusters];

        void Add(long offset, long bytes)
        {
            for (long c = offset >> bits; c <= (offset + Math.Max(bytes, 1) - 1) >> bits; c++)
            {
                if (c < counts.Length)
                {
                    counts[c]++;
                }
                else
                {
                    extra[c] = extra.GetValueOrDefault(c) + 1;
                }
            }
        }

        void AddL1(ulong[] l1)
        {
            byte[] table = new byte[header.ClusterSize];
            foreach (ulong l1Entry in l1)
            {
                long l2 = (long)(l1Entry & Qcow2ClusterMap.OffsetMask);
                if (l2 == 0)
                {
                    continue;
                }

                Add(l2, header.ClusterSize);
                file.Read(l2, table);
                for (int j = 0; j < header.L2Entries; j++)
                {
                    ulong e = Qcow2ClusterMap.Entry(table, j);
                    if ((e & Qcow2ClusterMap.Compressed) != 0)
                    {
                        (long host, int length) = map.CompressedExtent(e);
                        Add(host, length);
                    }
                    else if ((e & Qcow2ClusterMap.OffsetMask) != 0)
                    {
                        Add((long)(e & Qcow2ClusterMap.OffsetMask), header.ClusterSize);
                    }
                }
            }
        }

        Add(0, header.ClusterSize);
        Add(header.RefcountTableOffset, (long)header.RefcountTableClusters << bits);
        for (long i = 0; i < refcounts.TableEntries; i++)
        {
            long block = refcounts.BlockOffset(i);
            if (block != 0)
            {
                Add(block, header.ClusterSize);
            }
        }

        Add(header.L1TableOffset, header.L1Size * 8L);
        AddL1(map.L1);
        if (header.SnapshotCount > 0)
        {
            long tableBytes = 0;
            foreach (Qcow2SnapshotEntry e in snapshots.Entries)
            {
                tableBytes = ((tableBytes + 7) & ~7L) + e.Length;
                Add(e.L1TableOffset, e.L1Size * 8L);
                AddL1(Qcow2ClusterMap.ReadTable(file, e.L1TableOffset, e.L1Size));
            }

            Add(header.SnapshotsOffset, tableBytes);
        }

        for (long c = 0; c < counts.Length; c++)
        {
            if (!refcounts.TrySet(c, counts[c]))
            {
                throw Refuse($"cluster {c} is in use but has no refcount block");
            }
        }

        foreach ((long c, uint n) in extra)
        {
            if (!refcounts.TrySet(c, n))
            {
                throw Refuse($"cluster {c} is in use but has no refcount block");
            }
        }

        refcounts.WriteDirty();
        file.Sync();
        map.RecomputeCopied();
        map.WriteDirtyL2();
        map.WriteDirtyL1();
        file.Sync();
    }

    private static BlockException Refuse(string reason) =>
        new(BlockError.Io, $"qcow2: cannot repair the dirty image ({reason}); run 'qemu-img check -r all'") { Reason = reason };
}
