namespace Emu.Devices.Block;

/// <summary>
/// A fixed set of cluster-sized slots caching L2 tables or refcount blocks by host offset, with
/// least-recently-used eviction and write-back of dirty slots (QEMU's <c>qcow2-cache.c</c>).
/// The owner decides what must be durable before a dirty slot may be written: it is called back
/// through <c>beforeWrite</c>. Not thread-safe: the image lock covers it. Buffers are allocated
/// once; a slot index stays valid until the next <see cref="Load"/> or <see cref="Create"/>.
/// </summary>
public sealed class Qcow2MetadataCache
{
    private readonly HostFile _file;
    private readonly int _clusterSize;
    private readonly byte[][] _buffers;
    private readonly long[] _offsets;
    private readonly bool[] _dirty;
    private readonly long[] _lastUse;
    private readonly Action _beforeWrite;
    private readonly Dictionary<long, int> _index;
    private long _clock;
    private int _lastSlot;

    public Qcow2MetadataCache(HostFile file, int clusterSize, int slots, Action beforeWrite)
    {
        _file = file;
        _clusterSize = clusterSize;
        _buffers = new byte[slots][];
        _offsets = new long[slots];
        _dirty = new bool[slots];
        _lastUse = new long[slots];
        _beforeWrite = beforeWrite;
        _index = new Dictionary<long, int>(slots);
        for (int i = 0; i < slots; i++)
        {
            _buffers[i] = GC.AllocateUninitializedArray<byte>(clusterSize, pinned: false);
            _offsets[i] = -1;
        }
    }

    public bool HasDirty
    {
        get
        {
            foreach (bool d in _dirty)
            {
                if (d)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public Span<byte> this[int slot] => _buffers[slot];

    /// <summary>Returns the slot holding the table at <paramref name="offset"/>, reading it from the file if needed.</summary>
    public int Load(long offset)
    {
        int slot = Find(offset);
        if (slot < 0)
        {
            slot = Victim();
            _file.Read(offset, _buffers[slot]);
            _offsets[slot] = offset;
            _index[offset] = slot;
        }

        _lastUse[slot] = ++_clock;
        return slot;
    }

    /// <summary>A slot for a newly allocated table at <paramref name="offset"/>, zero-filled and dirty.</summary>
    public int Create(long offset)
    {
        int slot = Find(offset);
        if (slot < 0)
        {
            slot = Victim();
            _offsets[slot] = offset;
            _index[offset] = slot;
        }

        _buffers[slot].AsSpan().Clear();
        _dirty[slot] = true;
        _lastUse[slot] = ++_clock;
        return slot;
    }

    public void MarkDirty(int slot) => _dirty[slot] = true;

    /// <summary>Drops the table at <paramref name="offset"/> without writing it (its cluster was freed).</summary>
    public void Forget(long offset)
    {
        int slot = Find(offset);
        if (slot >= 0)
        {
            _index.Remove(offset);
            _offsets[slot] = -1;
            _dirty[slot] = false;
        }
    }

    /// <summary>Writes every dirty slot (no sync; the caller orders syncs).</summary>
    public void WriteDirty()
    {
        for (int i = 0; i < _buffers.Length; i++)
        {
            if (_dirty[i])
            {
                _file.Write(_offsets[i], _buffers[i]);
                _dirty[i] = false;
            }
        }
    }

    /// <summary>Forgets everything (after the file changed under the cache).</summary>
    public void Clear()
    {
        Array.Fill(_offsets, -1);
        Array.Clear(_dirty);
        _index.Clear();
    }

    private int Find(long offset)
    {
        if (_offsets[_lastSlot] == offset)
        {
            return _lastSlot;
        }

        if (_index.TryGetValue(offset, out int slot))
        {
            _lastSlot = slot;
            return slot;
        }

        return -1;
    }

    private int Victim()
    {
        int best = 0;
        for (int i = 1; i < _offsets.Length; i++)
        {
            if (_offsets[i] < 0)
            {
                best = i;
                break;
            }

            if (_lastUse[i] < _lastUse[best])
            {
                best = i;
            }
        }

        if (_offsets[best] < 0)
        {
            best = FirstEmpty(best);
        }

        if (_dirty[best])
        {
            // Whatever this table points at must be durable first (qcow2.md §5.2).
            _beforeWrite();
            _file.Write(_offsets[best], _buffers[best]);
            _dirty[best] = false;
        }

        if (_offsets[best] >= 0)
        {
            _index.Remove(_offsets[best]);
        }

        _offsets[best] = -1;
        _lastSlot = best;
        return best;
    }

    private int FirstEmpty(int fallback)
    {
        for (int i = 0; i < _offsets.Length; i++)
        {
            if (_offsets[i] < 0)
            {
                return i;
            }
        }

        return fallback;
    }
}
