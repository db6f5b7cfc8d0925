using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>
/// Reference counts of host clusters (qcow2.md §5): the refcount table (kept in memory), the
/// refcount blocks (through a <see cref="Qcow2MetadataCache"/>), first-fit allocation and the
/// growth of both structures.
/// <para>
/// Crash safety (§5.2) rests on two rules kept here: increments may reach the disk at any time
/// (a refcount that is too high only leaks), and decrements of clusters that something on disk
/// may still point at are deferred (<see cref="DeferFree"/>) until the image has made the
/// pointer change durable, then applied by <see cref="ApplyDeferredFrees"/>.
/// </para>
/// </summary>
public sealed class Qcow2Refcounts
{
    private const long MaxTableBytes = 8L * 1024 * 1024;

    private readonly HostFile _file;
    private readonly Qcow2Header _header;
    private readonly Qcow2MetadataCache _cache;
    private readonly Action<long> _clusterFreed;
    private readonly List<long> _deferred = [];
    private readonly int _clusterBits;
    private readonly int _order;
    private readonly long _entriesPerBlock;
    private readonly ulong _maxRefcount;
    private ulong[] _table;
    private long _freeHint;
    private long _referencedEnd;

    public Qcow2Refcounts(HostFile file, Qcow2Header header, int cacheSlots, Action<long> clusterFreed)
    {
        _file = file;
        _header = header;
        _clusterFreed = clusterFreed;
        _clusterBits = header.ClusterBits;
        _order = header.RefcountOrder;
        _entriesPerBlock = header.RefblockEntries;
        _maxRefcount = _order == 6 ? ulong.MaxValue : (1UL << (1 << _order)) - 1;
        _cache = new Qcow2MetadataCache(file, header.ClusterSize, cacheSlots, static () => { });

        _table = LoadTable(file, header);
    }

    /// <summary>Re-reads the refcount table after the header switched to a new one; the block cache is dropped.</summary>
    public void Reload()
    {
        _cache.Clear();
        _deferred.Clear();
        _table = LoadTable(_file, _header);
        _freeHint = 0;
    }

    private static ulong[] LoadTable(HostFile file, Qcow2Header header)
    {
        int entries = header.RefcountTableClusters * header.ClusterSize / 8;
        byte[] raw = new byte[entries * 8];
        file.Read(header.RefcountTableOffset, raw);
        ulong[] table = new ulong[entries];
        for (int i = 0; i < entries; i++)
        {
            table[i] = BinaryPrimitives.ReadUInt64BigEndian(raw.AsSpan(i * 8));
        }

        return table;
    }

    public int DeferredCount => _deferred.Count;

    public long TableEntries => _table.Length;

    /// <summary>Offset of the refcount block for table index <paramref name="index"/>, 0 if none.</summary>
    public long BlockOffset(long index) => index < _table.Length ? (long)(_table[index] & Qcow2ClusterMap.OffsetMask) : 0;

    /// <summary>The refcount of host cluster <paramref name="cluster"/> (an index, not a byte offset).</summary>
    public ulong Get(long cluster)
    {
        long index = cluster / _entriesPerBlock;
        long block = BlockOffset(index);
        if (block == 0)
        {
            return 0;
        }

        CheckBlock(block, index);
        int slot = _cache.Load(block);
        return ReadEntry(_cache[slot], cluster % _entriesPerBlock);
    }

    /// <summary>Adds <paramref name="delta"/> to a refcount now. Decrements must only be made once nothing durable points at the cluster.</summary>
    public void Change(long cluster, long delta)
    {
        if (delta == 0)
        {
            return;
        }

        long index = cluster / _entriesPerBlock;
        if (BlockOffset(index) == 0)
        {
            if (delta < 0)
            {
                throw Corrupt($"refcount of cluster {cluster} would drop below zero");
            }

            CreateBlock(index);
        }

        long block = BlockOffset(index);
        CheckBlock(block, index);
        int slot = _cache.Load(block);
        long at = cluster % _entriesPerBlock;
        ulong value = ReadEntry(_cache[slot], at);
        ulong next = unchecked(value + (ulong)delta);
        if (delta < 0 ? (ulong)(-delta) > value : next > _maxRefcount || next < value)
        {
            throw Corrupt(delta < 0
                ? $"refcount of cluster {cluster} would drop below zero"
                : $"refcount of cluster {cluster} would exceed {_maxRefcount}");
        }

        WriteEntry(_cache[slot], at, next);
        _cache.MarkDirty(slot);
        if (delta > 0)
        {
            _referencedEnd = Math.Max(_referencedEnd, cluster + 1);
        }

        if (next == 0)
        {
            _freeHint = Math.Min(_freeHint, cluster);
            _clusterFreed(cluster << _clusterBits);
        }
    }

    /// <summary>Sets a refcount to an absolute value in an existing refcount block (refcount rebuild); false when the block is missing.</summary>
    public bool TrySet(long cluster, ulong value)
    {
        long index = cluster / _entriesPerBlock;
        long block = BlockOffset(index);
        if (block == 0)
        {
            return value == 0;
        }

        CheckBlock(block, index);
        int slot = _cache.Load(block);
        long at = cluster % _entriesPerBlock;
        if (ReadEntry(_cache[slot], at) != value)
        {
            WriteEntry(_cache[slot], at, Math.Min(value, _maxRefcount));
            _cache.MarkDirty(slot);
        }

        return true;
    }

    /// <summary>Records that the cluster at byte <paramref name="offset"/> loses one reference once the pointer change is durable.</summary>
    public void DeferFree(long offset) => _deferred.Add(offset >> _clusterBits);

    /// <summary>Defers the release of every cluster touched by a byte range (compressed clusters).</summary>
    public void DeferFreeRange(long offset, long length)
    {
        for (long c = offset >> _clusterBits; c <= (offset + length - 1) >> _clusterBits; c++)
        {
            _deferred.Add(c);
        }
    }

    /// <summary>Applies deferred decrements; the caller has made every pointer change durable.</summary>
    public void ApplyDeferredFrees()
    {
        for (int i = 0; i < _deferred.Count; i++)
        {
            Change(_deferred[i], -1);
        }

        _deferred.Clear();
    }

    public bool HasDirty => _cache.HasDirty;

    public ulong MaxRefcount => _maxRefcount;

    /// <summary>Encodes one refcount into a block being built outside the cache.</summary>
    public void Encode(Span<byte> block, long index, ulong value) => WriteEntry(block, index, value);

    public void WriteDirty() => _cache.WriteDirty();

    /// <summary>Allocates one cluster first-fit (refcount 1) and returns its byte offset.</summary>
    public long AllocateCluster()
    {
        long c = _freeHint;
        for (long scanned = 0, limit = ScanLimit(); scanned < limit; scanned++, c++)
        {
            long index = c / _entriesPerBlock;
            if (BlockOffset(index) == 0)
            {
                // Every cluster of a missing block is free; the new block describes itself.
                CreateBlock(index);
                c = (index * _entriesPerBlock) - 1;
                continue;
            }

            if (Get(c) == 0)
            {
                Change(c, 1);
                _freeHint = c + 1;
                return c << _clusterBits;
            }
        }

        throw Corrupt("no free cluster found (refcount structure damaged)");
    }

    /// <summary>Allocates <paramref name="count"/> contiguous clusters first-fit and returns the first byte offset.</summary>
    public long AllocateClusters(long count)
    {
        if (count == 1)
        {
            return AllocateCluster();
        }

        for (int attempt = 0; attempt < 64; attempt++)
        {
            long start = FindFreeRun(count);
            long missing = -1;
            for (long index = start / _entriesPerBlock; index <= (start + count - 1) / _entriesPerBlock; index++)
            {
                if (BlockOffset(index) == 0)
                {
                    missing = index;
                    break;
                }
            }

            if (missing < 0)
            {
                for (long c = start; c < start + count; c++)
                {
                    Change(c, 1);
                }

                return start << _clusterBits;
            }

            CreateBlock(missing);
        }

        throw Corrupt("cannot place a contiguous allocation");
    }

    /// <summary>Frees a cluster run whose last on-disk pointer is already gone.</summary>
    public void FreeNow(long offset, long count)
    {
        for (long c = offset >> _clusterBits; c < (offset >> _clusterBits) + count; c++)
        {
            Change(c, -1);
        }
    }

    /// <summary>
    /// How many clusters a search for free clusters may look at from the hint. Past the end of the
    /// file every cluster is free, except ones allocated here and not written yet, unless the
    /// refcounts are damaged; so a search that runs two refcount blocks beyond both gives up at
    /// once instead of walking a damaged table for seconds (QEMU refuses such an image at its
    /// first allocation too).
    /// </summary>
    private long ScanLimit()
    {
        long end = Math.Max(_file.End >> _clusterBits, _referencedEnd) + (2 * _entriesPerBlock) + 1024;
        return Math.Max(end - _freeHint, 0) + _entriesPerBlock;
    }

    private long FindFreeRun(long count)
    {
        long start = _freeHint;
        long run = 0;
        for (long c = _freeHint, scanned = 0, limit = ScanLimit(); scanned < limit; c++, scanned++)
        {
            long index = c / _entriesPerBlock;
            bool free = BlockOffset(index) == 0 || Get(c) == 0;
            if (!free)
            {
                run = 0;
                start = c + 1;
                continue;
            }

            if (++run == count)
            {
                return start;
            }
        }

        throw Corrupt("no free cluster run found (refcount structure damaged)");
    }

    /// <summary>
    /// Creates the refcount block for table index <paramref name="index"/> at the first cluster of
    /// the range it describes (all of which is free), describing itself. The block is durable
    /// before the table entry points at it.
    /// </summary>
    private void CreateBlock(long index)
    {
        if (index >= _table.Length)
        {
            GrowTable(index);
            if (BlockOffset(index) != 0)
            {
                return;
            }
        }

        long cluster = index * _entriesPerBlock;
        long offset = cluster << _clusterBits;
        int slot = _cache.Create(offset);
        WriteEntry(_cache[slot], 0, 1);
        _file.Write(offset, _cache[slot]);
        _file.Sync();
        _table[index] = (ulong)offset;
        Span<byte> entry = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(entry, (ulong)offset);
        _file.Write(_header.RefcountTableOffset + (index * 8), entry);
        if (_freeHint == cluster)
        {
            _freeHint = cluster + 1;
        }
    }

    /// <summary>
    /// Moves the refcount table to a larger one placed, with the blocks describing it, at the
    /// start of the first area the old table cannot describe (qcow2.md §5.1): write blocks and
    /// table, sync, switch the header fields in one write, sync, then free the old table.
    /// </summary>
    private void GrowTable(long neededIndex)
    {
        long oldEntries = _table.Length;
        long clusterSize = 1L << _clusterBits;
        long entries = Math.Max(neededIndex + 1, oldEntries * 2);
        long first = oldEntries * _entriesPerBlock;
        long blocks;
        long tableClusters;
        while (true)
        {
            tableClusters = ((entries * 8) + clusterSize - 1) / clusterSize;
            blocks = 1;
            while (blocks * _entriesPerBlock < blocks + tableClusters)
            {
                blocks++;
            }

            if (oldEntries + blocks <= entries)
            {
                break;
            }

            entries = oldEntries + blocks;
        }

        entries = tableClusters * clusterSize / 8;
        if (tableClusters * clusterSize > MaxTableBytes)
        {
            throw Corrupt("Reference count table too large");
        }

        ulong[] table = new ulong[entries];
        Array.Copy(_table, table, oldEntries);
        byte[] block = new byte[clusterSize];
        for (long b = 0; b < blocks; b++)
        {
            Array.Clear(block);
            long rangeStart = (oldEntries + b) * _entriesPerBlock;
            for (long c = first; c < first + blocks + tableClusters; c++)
            {
                if (c >= rangeStart && c < rangeStart + _entriesPerBlock)
                {
                    WriteEntry(block, c - rangeStart, 1);
                }
            }

            long blockOffset = (first + b) << _clusterBits;
            _file.Write(blockOffset, block);
            table[oldEntries + b] = (ulong)blockOffset;
        }

        long tableOffset = (first + blocks) << _clusterBits;
        byte[] raw = new byte[tableClusters * clusterSize];
        for (long i = 0; i < entries; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan((int)(i * 8)), table[i]);
        }

        _file.Write(tableOffset, raw);
        _file.Sync();

        Span<byte> fields = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(fields, (ulong)tableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(fields[8..], (uint)tableClusters);
        _file.Write(Qcow2Header.RefcountTableOffsetField, fields);
        _file.Sync();

        // The header no longer points at the old table: releasing it can only leak.
        long oldOffset = _header.RefcountTableOffset;
        long oldClusters = _header.RefcountTableClusters;
        _table = table;
        _header.RefcountTableOffset = tableOffset;
        _header.RefcountTableClusters = (int)tableClusters;
        FreeNow(oldOffset, oldClusters);
    }

    private void CheckBlock(long block, long index)
    {
        if ((block & ((1L << _clusterBits) - 1)) != 0)
        {
            throw Corrupt($"Refblock offset {block:x} unaligned (reftable index: {index:x})");
        }
    }

    private ulong ReadEntry(ReadOnlySpan<byte> block, long index) => _order switch
    {
        4 => BinaryPrimitives.ReadUInt16BigEndian(block[(int)(index * 2)..]),
        3 => block[(int)index],
        5 => BinaryPrimitives.ReadUInt32BigEndian(block[(int)(index * 4)..]),
        6 => BinaryPrimitives.ReadUInt64BigEndian(block[(int)(index * 8)..]),
        _ => (ulong)((block[(int)((index << _order) >> 3)] >> (int)((index << _order) & 7)) & ((1 << (1 << _order)) - 1)),
    };

    private void WriteEntry(Span<byte> block, long index, ulong value)
    {
        switch (_order)
        {
            case 4:
                BinaryPrimitives.WriteUInt16BigEndian(block[(int)(index * 2)..], (ushort)value);
                break;
            case 3:
                block[(int)index] = (byte)value;
                break;
            case 5:
                BinaryPrimitives.WriteUInt32BigEndian(block[(int)(index * 4)..], (uint)value);
                break;
            case 6:
                BinaryPrimitives.WriteUInt64BigEndian(block[(int)(index * 8)..], value);
                break;
            default:
                int bit = (int)((index << _order) & 7);
                int mask = ((1 << (1 << _order)) - 1) << bit;
                ref byte b = ref block[(int)((index << _order) >> 3)];
                b = (byte)((b & ~mask) | (((int)value << bit) & mask));
                break;
        }
    }

    private static BlockException Corrupt(string reason) => Qcow2Corruption.Error(reason);
}
