using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>
/// Guest-to-host mapping (qcow2.md §4): the active L1 table in memory, L2 tables through a
/// <see cref="Qcow2MetadataCache"/>, allocation and copy-on-write of L2 tables, and the walks that
/// snapshots need (refcount updates over an L1 table, COPIED recomputation). QEMU's
/// <c>qcow2-cluster.c</c>. Callers hold the image lock.
/// <para>
/// Write order: a dirty L2 table is written only after the refcounts are durable (the cache
/// calls back before writing); dirty L1 entries are written only after every dirty L2 table
/// (<see cref="Qcow2Image"/> flush sequence).
/// </para>
/// </summary>
public sealed class Qcow2ClusterMap
{
    public const ulong OffsetMask = 0x00FF_FFFF_FFFF_FE00;
    public const ulong Copied = 1UL << 63;
    public const ulong Compressed = 1UL << 62;
    public const ulong ZeroFlag = 1;
    private const int L1Group = 64;

    private readonly HostFile _file;
    private readonly Qcow2Header _header;
    private readonly Qcow2Refcounts _refcounts;
    private readonly Qcow2MetadataCache _cache;
    private readonly int _clusterBits;
    private readonly int _l2Bits;
    private readonly byte[] _scratch;
    private ulong[] _l1;
    private bool[] _l1Dirty;

    public Qcow2ClusterMap(HostFile file, Qcow2Header header, Qcow2Refcounts refcounts, int cacheSlots, Action beforeL2Write)
    {
        _file = file;
        _header = header;
        _refcounts = refcounts;
        _clusterBits = header.ClusterBits;
        _l2Bits = header.ClusterBits - 3;
        _cache = new Qcow2MetadataCache(file, header.ClusterSize, cacheSlots, beforeL2Write);
        _scratch = new byte[header.ClusterSize];
        _l1 = ReadTable(file, header.L1TableOffset, header.L1Size);
        _l1Dirty = new bool[(_l1.Length + L1Group - 1) / L1Group];
    }

    public int L1Size => _l1.Length;

    public ulong[] L1 => _l1;

    public bool HasDirty => _cache.HasDirty || Array.IndexOf(_l1Dirty, true) >= 0;

    public static ulong[] ReadTable(HostFile file, long offset, int entries)
    {
        byte[] raw = new byte[entries * 8L];
        file.Read(offset, raw);
        ulong[] table = new ulong[entries];
        for (int i = 0; i < entries; i++)
        {
            table[i] = BinaryPrimitives.ReadUInt64BigEndian(raw.AsSpan(i * 8));
        }

        return table;
    }

    public static byte[] TableBytes(ulong[] table, int entries)
    {
        byte[] raw = new byte[entries * 8L];
        for (int i = 0; i < Math.Min(entries, table.Length); i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(i * 8), table[i]);
        }

        return raw;
    }

    /// <summary>The cache slot of the L2 table for <paramref name="l1Index"/>, or -1 when it is unallocated.</summary>
    public int LoadL2(long l1Index)
    {
        ulong entry = _l1[l1Index];
        long offset = (long)(entry & OffsetMask);
        if (offset == 0)
        {
            return -1;
        }

        CheckL2Offset(entry, l1Index);
        return _cache.Load(offset);
    }

    public Span<byte> Table(int slot) => _cache[slot];

    public static ulong Entry(Span<byte> table, int index) => BinaryPrimitives.ReadUInt64BigEndian(table[(index * 8)..]);

    public void SetEntry(int slot, int index, ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_cache[slot][(index * 8)..], value);
        _cache.MarkDirty(slot);
    }

    /// <summary>
    /// The slot of a writable (COPIED) L2 table for <paramref name="l1Index"/>: allocates a zeroed
    /// table, or copies a shared one (qcow2.md §5.1), pointing the in-memory L1 entry at it. The old
    /// shared table loses its reference once the new L1 entry is durable.
    /// </summary>
    public int L2ForWrite(long l1Index)
    {
        ulong entry = _l1[l1Index];
        long offset = (long)(entry & OffsetMask);
        if (offset != 0 && (entry & Copied) != 0)
        {
            CheckL2Offset(entry, l1Index);
            return _cache.Load(offset);
        }

        if (offset != 0)
        {
            CheckL2Offset(entry, l1Index);
            int old = _cache.Load(offset);
            _cache[old].CopyTo(_scratch);
        }

        long fresh = _refcounts.AllocateCluster();
        int slot = _cache.Create(fresh);
        if (offset != 0)
        {
            _scratch.CopyTo(_cache[slot]);
            _refcounts.DeferFree(offset);
        }

        SetL1(l1Index, (ulong)fresh | Copied);
        return slot;
    }

    public void SetL1(long l1Index, ulong value)
    {
        _l1[l1Index] = value;
        _l1Dirty[l1Index / L1Group] = true;
    }

    /// <summary>Writes every dirty L2 table (the caller has made refcounts durable).</summary>
    public void WriteDirtyL2() => _cache.WriteDirty();

    /// <summary>Writes the dirty 512-byte groups of the L1 table (the caller has made the L2 tables durable).</summary>
    public void WriteDirtyL1()
    {
        Span<byte> group = stackalloc byte[L1Group * 8];
        for (int g = 0; g < _l1Dirty.Length; g++)
        {
            if (!_l1Dirty[g])
            {
                continue;
            }

            int first = g * L1Group;
            int count = Math.Min(L1Group, _l1.Length - first);
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(group[(i * 8)..], _l1[first + i]);
            }

            _file.Write(_header.L1TableOffset + (first * 8L), group[..(count * 8)]);
            _l1Dirty[g] = false;
        }
    }

    public void Forget(long offset) => _cache.Forget(offset);

    /// <summary>Replaces the active L1 and drops every cached L2 table (after a metadata switch).</summary>
    public void Reset(ulong[] table)
    {
        _cache.Clear();
        ReplaceL1(table);
    }

    /// <summary>Replaces the in-memory active L1 (after revert or growth; the caller wrote it).</summary>
    public void ReplaceL1(ulong[] table)
    {
        _l1 = table;
        _l1Dirty = new bool[(_l1.Length + L1Group - 1) / L1Group];
    }

    /// <summary>Sets COPIED in the active L1 and L2 entries exactly where the refcount is 1 (QEMU's addend-0 pass).</summary>
    public void RecomputeCopied()
    {
        long entries = 1L << _l2Bits;
        for (long i = 0; i < _l1.Length; i++)
        {
            long l2 = (long)(_l1[i] & OffsetMask);
            if (l2 == 0)
            {
                continue;
            }

            CheckL2Offset(_l1[i], i);
            ulong l1Entry = _refcounts.Get(l2 >> _clusterBits) == 1 ? _l1[i] | Copied : _l1[i] & ~Copied;
            if (l1Entry != _l1[i])
            {
                SetL1(i, l1Entry);
            }

            for (int j = 0; j < entries; j++)
            {
                int slot = _cache.Load(l2);
                ulong e = Entry(_cache[slot], j);
                if ((e & Compressed) != 0 || (e & OffsetMask) == 0)
                {
                    continue;
                }

                ulong want = _refcounts.Get((long)(e & OffsetMask) >> _clusterBits) == 1 ? e | Copied : e & ~Copied;
                if (want != e)
                {
                    SetEntry(slot, j, want);
                }
            }
        }
    }

    /// <summary>Host byte offset and length of a compressed cluster's data (qcow2.md §4.3).</summary>
    public (long Offset, int Length) CompressedExtent(ulong entry)
    {
        int shift = 62 - (_clusterBits - 8);
        long offset = (long)(entry & ((1UL << shift) - 1));
        long sectors = (long)((entry >> shift) & ((1UL << (_clusterBits - 8)) - 1)) + 1;
        return (offset, (int)((sectors * 512) - (offset & 511)));
    }

    private void CheckL2Offset(ulong entry, long l1Index)
    {
        ulong offset = entry & OffsetMask;
        if ((offset & ((1UL << _clusterBits) - 1)) != 0)
        {
            throw Qcow2Corruption.Error($"L2 table offset 0x{offset:x} unaligned (L1 index: {l1Index:x})");
        }
    }
}
