using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>
/// Snapshot create, delete and revert as one atomic metadata switch. Changing the refcount of a
/// cluster the active tables reach and its COPIED flag cannot be done atomically in place (they
/// live in different clusters, and <c>qemu-img check</c> calls either half-done state a
/// corruption), so the whole new state is written to clusters that are free now —
/// copies of the active L2 tables with COPIED recomputed, the new active L1, a new snapshot
/// L1 and table, and a refcount table and blocks counted from scratch for the new state — then
/// one write of header bytes 24..71 (one sector) switches size, L1, refcount table and snapshot
/// table together. Before the switch the new clusters are unreferenced; after it the old
/// structures are unreferenced and free in the new refcounts. A crash leaks at worst.
/// </summary>
internal sealed class Qcow2MetadataSwitch
{
    private readonly HostFile _file;
    private readonly Qcow2Header _header;
    private readonly Qcow2Refcounts _refcounts;
    private readonly Qcow2ClusterMap _map;
    private readonly int _bits;
    private readonly int _clusterSize;
    private readonly List<(long Offset, byte[] Data)> _writes = [];

    // Tables placed in this switch but not yet on disk (the VM state's L2 tables), read when counting.
    private readonly Dictionary<long, byte[]> _unwritten = [];
    private uint[] _counts = [];
    private long _next;

    public Qcow2MetadataSwitch(HostFile file, Qcow2Header header, Qcow2Refcounts refcounts, Qcow2ClusterMap map)
    {
        _file = file;
        _header = header;
        _refcounts = refcounts;
        _map = map;
        _bits = header.ClusterBits;
        _clusterSize = header.ClusterSize;
    }

    /// <summary>The VM state to store in the created snapshot's tables (savevm), or null for a disk-only snapshot.</summary>
    public byte[]? VmState { get; init; }

    /// <summary>The created snapshot's first L1 index of the VM state (<see cref="Qcow2VmState.FirstL1Index"/>).</summary>
    public int VmStateL1Index { get; init; }

    /// <summary>
    /// Commits a new state: the active layer maps like <paramref name="activeSource"/>, the
    /// snapshot list is <paramref name="snapshots"/> (an entry with a null offset gets
    /// <paramref name="newSnapshotL1"/> written for it), the virtual size is <paramref name="size"/>.
    /// Returns the snapshot table length written.
    /// </summary>
    public long Commit(ulong[] activeSource, int activeEntries, List<Qcow2SnapshotEntry> snapshots, Qcow2SnapshotEntry? created, ulong[]? newSnapshotL1, long size)
    {
        long fileEnd = (_file.End + _clusterSize - 1) >> _bits;
        _next = 1;

        // New copies of the active L2 tables; COPIED is fixed once the counts are known.
        ulong[] active = new ulong[activeEntries];
        List<(long Offset, byte[] Table)> copies = [];
        for (int i = 0; i < Math.Min(activeEntries, activeSource.Length); i++)
        {
            long l2 = (long)(activeSource[i] & Qcow2ClusterMap.OffsetMask);
            if (l2 == 0)
            {
                continue;
            }

            byte[] table = ReadTable(l2);
            long copy = Take(1);
            active[i] = (ulong)copy;
            copies.Add((copy, table));
        }

        if (created is not null && newSnapshotL1 is not null && VmState is not null)
        {
            Qcow2VmState.Place(VmState, _header, newSnapshotL1, VmStateL1Index, Take, _writes);
            foreach ((long offset, byte[] data) in _writes)
            {
                _unwritten[offset] = data;
            }
        }

        if (created is not null && newSnapshotL1 is not null)
        {
            created.L1TableOffset = newSnapshotL1.Length == 0 ? 0 : Take(ClustersFor(newSnapshotL1.Length * 8L));
            _writes.Add((created.L1TableOffset, Qcow2ClusterMap.TableBytes(newSnapshotL1, newSnapshotL1.Length)));
        }

        long activeOffset = Take(Math.Max(1, ClustersFor(activeEntries * 8L)));
        long tableLength = 0;
        foreach (Qcow2SnapshotEntry e in snapshots)
        {
            tableLength = ((tableLength + 7) & ~7L) + e.Length;
        }

        long tableOffset = snapshots.Count == 0 ? 0 : Take(ClustersFor(tableLength));

        // Count references in the new state; the refcount structure is placed afterwards.
        _counts = new uint[Math.Max(_next, fileEnd) + 1];
        Count(0, 1);
        Count(activeOffset, ClustersFor(activeEntries * 8L));
        foreach ((long offset, byte[] table) in copies)
        {
            Count(offset, 1);
            CountL2(table);
        }

        foreach (Qcow2SnapshotEntry e in snapshots)
        {
            Count(e.L1TableOffset, ClustersFor(e.L1Size * 8L));
            ulong[] l1 = ReferenceEquals(e, created) && newSnapshotL1 is not null
                ? newSnapshotL1
                : Qcow2ClusterMap.ReadTable(_file, e.L1TableOffset, e.L1Size);
            foreach (ulong entry in l1)
            {
                long l2 = (long)(entry & Qcow2ClusterMap.OffsetMask);
                if (l2 != 0)
                {
                    Count(l2, 1);
                    CountL2(ReadTable(l2));
                }
            }
        }

        if (tableOffset != 0)
        {
            Count(tableOffset, ClustersFor(tableLength));
        }

        // COPIED exactly where the new refcount is 1.
        for (int i = 0; i < active.Length; i++)
        {
            if (active[i] != 0)
            {
                active[i] |= _counts[active[i] >> _bits] == 1 ? Qcow2ClusterMap.Copied : 0;
            }
        }

        foreach ((long offset, byte[] table) in copies)
        {
            for (int j = 0; j < _header.L2Entries; j++)
            {
                ulong e = Qcow2ClusterMap.Entry(table, j);
                if ((e & Qcow2ClusterMap.Compressed) != 0 || (e & Qcow2ClusterMap.OffsetMask) == 0)
                {
                    continue;
                }

                ulong want = _counts[(long)(e & Qcow2ClusterMap.OffsetMask) >> _bits] == 1 ? e | Qcow2ClusterMap.Copied : e & ~Qcow2ClusterMap.Copied;
                BinaryPrimitives.WriteUInt64BigEndian(table.AsSpan(j * 8), want);
            }

            _writes.Add((offset, table));
        }

        _writes.Add((activeOffset, Qcow2ClusterMap.TableBytes(active, (int)(Math.Max(1, ClustersFor(activeEntries * 8L)) * _clusterSize / 8))));
        if (tableOffset != 0)
        {
            byte[] table = new byte[tableLength];
            long at = 0;
            foreach (Qcow2SnapshotEntry e in snapshots)
            {
                at = (at + 7) & ~7L;
                at += e.WriteTo(table.AsSpan((int)at));
            }

            _writes.Add((tableOffset, table));
        }

        (long refTableOffset, long refTableClusters) = BuildRefcounts();
        foreach ((long offset, byte[] data) in _writes)
        {
            _file.Write(offset, data);
        }

        _file.Sync();

        // The switch: size, l1_size, l1_table_offset, refcount table, snapshot count and table, bytes 24..71.
        byte[] fields = new byte[48];
        BinaryPrimitives.WriteUInt64BigEndian(fields, (ulong)size);
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(8), _header.CryptMethod);
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(12), (uint)activeEntries);
        BinaryPrimitives.WriteUInt64BigEndian(fields.AsSpan(16), (ulong)activeOffset);
        BinaryPrimitives.WriteUInt64BigEndian(fields.AsSpan(24), (ulong)refTableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(32), (uint)refTableClusters);
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(36), (uint)snapshots.Count);
        BinaryPrimitives.WriteUInt64BigEndian(fields.AsSpan(40), (ulong)tableOffset);
        _file.Write(Qcow2Header.SizeOffset, fields);
        _file.Sync();

        _header.Size = size;
        _header.L1Size = activeEntries;
        _header.L1TableOffset = activeOffset;
        _header.RefcountTableOffset = refTableOffset;
        _header.RefcountTableClusters = (int)refTableClusters;
        _header.SnapshotCount = snapshots.Count;
        _header.SnapshotsOffset = tableOffset;
        _refcounts.Reload();
        _map.Reset((ulong[])active.Clone());
        return tableOffset == 0 ? 0 : tableLength;
    }

    /// <summary>Refcount blocks and table in free clusters, covering every cluster in use including themselves.</summary>
    private (long Offset, long Clusters) BuildRefcounts()
    {
        long perBlock = _header.RefblockEntries;
        long highest = _counts.Length;
        for (long c = _counts.Length - 1; c >= 0 && _counts[c] == 0; c--)
        {
            highest = c;
        }

        List<long> blocks = [];
        long tableOffset = 0;
        long tableClusters = 0;
        while (true)
        {
            long limit = Math.Max(highest, _next);
            long needBlocks = (limit + perBlock - 1) / perBlock;
            long needTable = ((needBlocks * 8) + _clusterSize - 1) / _clusterSize;
            if (blocks.Count >= needBlocks && tableClusters >= needTable)
            {
                break;
            }

            while (blocks.Count < needBlocks)
            {
                blocks.Add(Take(1) >> _bits);
            }

            if (tableClusters < needTable)
            {
                tableClusters = needTable + 1;
                tableOffset = Take(tableClusters);
            }
        }

        if (tableClusters * _clusterSize > 8L * 1024 * 1024)
        {
            throw Qcow2Corruption.Error("Reference count table too large");
        }

        long end = Math.Max(highest, _next);
        uint[] counts = new uint[end];
        Array.Copy(_counts, counts, Math.Min(_counts.Length, end));
        foreach (long b in blocks)
        {
            counts[b]++;
        }

        for (long c = tableOffset >> _bits; c < (tableOffset >> _bits) + tableClusters; c++)
        {
            counts[c]++;
        }

        byte[] table = new byte[tableClusters * _clusterSize];
        for (int b = 0; b < blocks.Count; b++)
        {
            byte[] block = new byte[_clusterSize];
            for (long c = b * perBlock; c < Math.Min(end, (b + 1) * perBlock); c++)
            {
                if (counts[c] > _refcounts.MaxRefcount)
                {
                    throw new BlockException(BlockError.NoSpace, $"qcow2: refcount of cluster {c} would exceed {_refcounts.MaxRefcount}");
                }

                if (counts[c] != 0)
                {
                    _refcounts.Encode(block, c - (b * perBlock), counts[c]);
                }
            }

            long offset = blocks[b] << _bits;
            _writes.Add((offset, block));
            BinaryPrimitives.WriteUInt64BigEndian(table.AsSpan(b * 8), (ulong)offset);
        }

        _writes.Add((tableOffset, table));
        return (tableOffset, tableClusters);
    }

    private void CountL2(byte[] table)
    {
        for (int j = 0; j < _header.L2Entries; j++)
        {
            ulong e = Qcow2ClusterMap.Entry(table, j);
            if ((e & Qcow2ClusterMap.Compressed) != 0)
            {
                (long host, int length) = _map.CompressedExtent(e);
                long first = host >> _bits;
                Count(first << _bits, ((host + length - 1) >> _bits) - first + 1);
            }
            else if ((e & Qcow2ClusterMap.OffsetMask) != 0)
            {
                Count((long)(e & Qcow2ClusterMap.OffsetMask), 1);
            }
        }
    }

    private void Count(long offset, long clusters)
    {
        for (long c = offset >> _bits; c < (offset >> _bits) + clusters; c++)
        {
            if (c >= _counts.Length)
            {
                throw Qcow2Corruption.Error($"cluster 0x{c << _bits:x} is referenced beyond the end of the image");
            }

            _counts[c]++;
        }
    }

    private byte[] ReadTable(long offset)
    {
        if ((offset & (_clusterSize - 1)) != 0)
        {
            throw Qcow2Corruption.Error($"L2 table offset 0x{offset:x} unaligned");
        }

        if (_unwritten.TryGetValue(offset, out byte[]? placed))
        {
            return placed;
        }

        byte[] table = new byte[_clusterSize];
        _file.Read(offset, table);
        return table;
    }

    /// <summary>
    /// The next run of <paramref name="clusters"/> clusters that are free in the current
    /// refcounts, scanning forward so no cluster is handed out twice. Free clusters are
    /// unreferenced, so writing them before the switch cannot harm the current state.
    /// </summary>
    private long Take(long clusters)
    {
        long start = _next;
        long run = 0;
        for (long c = _next; run < clusters; c++)
        {
            if (_refcounts.Get(c) != 0)
            {
                run = 0;
                start = c + 1;
                continue;
            }

            run++;
        }

        _next = start + clusters;
        return start << _bits;
    }

    private long ClustersFor(long bytes) => (bytes + _clusterSize - 1) >> _bits;
}
