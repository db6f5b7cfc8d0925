using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>
/// A qcow2 image, version 2 or 3 (qcow2.md): reads and writes through the cluster map, with
/// copy-on-write from the backing image and from clusters shared with snapshots, zero clusters,
/// compressed clusters (read), discard and internal snapshots.
/// <para>
/// Locking rule: one lock per image (<c>_lock</c>) covers every request from start to end,
/// including the metadata caches and the data I/O, so the machine thread and server threads may
/// call any member concurrently. A backing image has its own lock and is only read.
/// </para>
/// <para>
/// Metadata reaches the disk in the order of qcow2.md §5.2 (<see cref="FlushMetadata"/>):
/// refcount blocks, sync, L2 tables, sync, L1 entries, sync, and only then the deferred refcount
/// decrements. A crash at any point leaves leaked clusters at worst.
/// </para>
/// </summary>
public sealed partial class Qcow2Image : IBlockBackend, IInternalSnapshots
{
    private const int L2CacheBytes = 4 * 1024 * 1024;
    private const int RefcountCacheBytes = 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly WriteHighWater _written = new();
    private readonly HostFile _file;
    private readonly Qcow2Header _header;
    private readonly Qcow2Refcounts _refcounts;
    private readonly Qcow2ClusterMap _map;
    private readonly Qcow2Snapshots _snapshots;
    private readonly IBlockBackend? _backing;
    private readonly DiscardMode _discard;
    private readonly int _clusterBits;
    private readonly int _clusterSize;
    private readonly long _clusterMask;
    private readonly int _l2Bits;
    private readonly int _l2Entries;
    private readonly byte[] _cowBuffer;
    private readonly byte[] _decompressed;
    private byte[]? _zeroes;
    private ulong _decompressedEntry;
    private long _allocatedEnd;
    private bool _corrupt;
    private bool _disposed;

    internal Qcow2Image(HostFile file, Qcow2Header header, IBlockBackend? backing, bool readOnly, DiscardMode discard)
    {
        _file = file;
        _header = header;
        _backing = backing;
        IsReadOnly = readOnly;
        _discard = discard;
        _clusterBits = header.ClusterBits;
        _clusterSize = header.ClusterSize;
        _clusterMask = _clusterSize - 1;
        _l2Bits = _clusterBits - 3;
        _l2Entries = header.L2Entries;
        _cowBuffer = new byte[_clusterSize];
        _decompressed = new byte[_clusterSize];
        _allocatedEnd = file.End;

        _refcounts = new Qcow2Refcounts(file, header, Math.Clamp(RefcountCacheBytes / _clusterSize, 8, 2048), ClusterFreed);
        _map = new Qcow2ClusterMap(file, header, _refcounts, Math.Clamp(L2CacheBytes / _clusterSize, 8, 4096), MakeRefcountsDurable);
        _snapshots = new Qcow2Snapshots(file, header, _refcounts, _map, FlushMetadata);

        if (!readOnly)
        {
            PrepareForWriting();
        }
    }

    public string Format => "qcow2";

    public string FileName => _file.Path;

    public long Length => _header.Size;

    public bool IsReadOnly { get; }

    public Qcow2Header Header => _header;

    public IBlockBackend? Backing => _backing;

    public long HighestWriteEnd => _written.Value;

    public HostFile File => _file;

    public void Read(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        lock (_lock)
        {
            ReadLocked(offset, destination);
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None)
    {
        CheckWritable();
        CheckRange(offset, source.Length);
        lock (_lock)
        {
            CheckUsable();
            try
            {
                WriteLocked(offset, source);
                _written.Record(offset, source.Length);
                if ((flags & BlockWriteFlags.ForceUnitAccess) != 0 || _file.WriteThrough)
                {
                    FlushLocked();
                }
            }
            catch (BlockException e) when (Qcow2Corruption.Is(e))
            {
                throw MarkCorrupt(e);
            }
        }
    }

    public void Flush()
    {
        if (IsReadOnly)
        {
            return;
        }

        lock (_lock)
        {
            FlushLocked();
        }
    }

    public void Discard(long offset, long length)
    {
        CheckWritable();
        CheckRange(offset, length);
        if (_discard == DiscardMode.Ignore)
        {
            return;
        }

        lock (_lock)
        {
            Guard(() => ClearClusters(offset, length, discard: true, mayUnmap: true));
        }
    }

    public void WriteZeroes(long offset, long length, ZeroFlags flags)
    {
        CheckWritable();
        CheckRange(offset, length);
        lock (_lock)
        {
            bool mayUnmap = (flags & ZeroFlags.MayUnmap) != 0 && _discard == DiscardMode.Unmap;
            bool fastOnly = (flags & ZeroFlags.FastOnly) != 0;
            Guard(() => WriteZeroesLocked(offset, length, mayUnmap, fastOnly));
            _written.Record(offset, length);
        }
    }

    public BlockStatus GetStatus(long offset, long length, out long extentLength)
    {
        CheckRange(offset, length);
        if (length == 0)
        {
            extentLength = 0;
            return BlockStatus.Data;
        }

        lock (_lock)
        {
            return StatusLocked(offset, length, out extentLength);
        }
    }

    public IReadOnlyList<SnapshotInfo> ListSnapshots()
    {
        lock (_lock)
        {
            return _snapshots.Entries.ConvertAll(e => e.ToInfo());
        }
    }

    /// <summary>A snapshot of the running machine: icount is recorded as "none" (all ones), as QEMU's savevm writes it.</summary>
    public SnapshotInfo CreateSnapshot(string name, long dateSeconds, int dateNanoseconds, long vmClockNanoseconds) =>
        CreateSnapshot(name, dateSeconds, dateNanoseconds, vmClockNanoseconds, ulong.MaxValue);

    /// <summary>Creates a snapshot with an explicit icount field (0 as <c>qemu-img snapshot -c</c> writes).</summary>
    public SnapshotInfo CreateSnapshot(string name, long dateSeconds, int dateNanoseconds, long vmClockNanoseconds, ulong icount)
    {
        CheckWritable();
        lock (_lock)
        {
            SnapshotInfo? info = null;
            Guard(() => info = _snapshots.Create(name, (uint)dateSeconds, (uint)dateNanoseconds, (ulong)vmClockNanoseconds, icount).ToInfo());
            return info!;
        }
    }

    /// <summary>A savevm snapshot: icount "none" as QEMU's savevm writes it, and the VM state in the snapshot's tables.</summary>
    public SnapshotInfo CreateSnapshot(string name, long dateSeconds, int dateNanoseconds, long vmClockNanoseconds, byte[] vmState)
    {
        ArgumentNullException.ThrowIfNull(vmState);
        CheckWritable();
        lock (_lock)
        {
            SnapshotInfo? info = null;
            Guard(() => info = _snapshots.Create(name, (uint)dateSeconds, (uint)dateNanoseconds, (ulong)vmClockNanoseconds, ulong.MaxValue, vmState).ToInfo());
            return info!;
        }
    }

    public byte[] ReadVmState(string idOrName)
    {
        lock (_lock)
        {
            CheckUsable();
            Qcow2SnapshotEntry entry = _snapshots.FindById(idOrName) ?? _snapshots.FindByName(idOrName)
                ?? throw new BlockException(BlockError.InvalidArgument, "snapshot not found") { Reason = "snapshot not found" };
            return _snapshots.ReadVmState(entry);
        }
    }

    public SnapshotInfo DeleteSnapshot(string? id, string? name)
    {
        CheckWritable();
        lock (_lock)
        {
            Qcow2SnapshotEntry? entry = _snapshots.Entries.Find(e => (id is null || e.Id == id) && (name is null || e.Name == name));
            if (entry is null || (id is null && name is null))
            {
                throw new BlockException(BlockError.InvalidArgument, "snapshot not found") { Reason = "snapshot not found" };
            }

            Guard(() => _snapshots.Delete(entry));
            return entry.ToInfo();
        }
    }

    public void RevertToSnapshot(string idOrName)
    {
        CheckWritable();
        lock (_lock)
        {
            Qcow2SnapshotEntry entry = _snapshots.FindById(idOrName) ?? _snapshots.FindByName(idOrName)
                ?? throw new BlockException(BlockError.InvalidArgument, "Failed to load snapshot: No such file or directory")
                {
                    Reason = "Failed to load snapshot: No such file or directory",
                };
            Guard(() => _snapshots.Revert(entry));
            _decompressedEntry = 0;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                if (!IsReadOnly && !_corrupt)
                {
                    FlushLocked();
                }
            }
            finally
            {
                _file.Dispose();
                _backing?.Dispose();
            }
        }
    }

    /// <summary>
    /// The ordered metadata flush of qcow2.md §5.2: refcount increments, then the tables that
    /// point at the new clusters, then the L1, each made durable before the next; then the
    /// decrements whose pointers are gone.
    /// </summary>
    internal void FlushMetadata()
    {
        if (_allocatedEnd > _file.End)
        {
            _file.SetLength(_allocatedEnd);
        }

        MakeRefcountsDurable();
        if (_map.HasDirty)
        {
            _map.WriteDirtyL2();
            _file.Sync();
            _map.WriteDirtyL1();
            _file.Sync();
        }

        if (_refcounts.DeferredCount > 0)
        {
            _refcounts.ApplyDeferredFrees();
            _refcounts.WriteDirty();
        }
    }

    private void FlushLocked()
    {
        FlushMetadata();
        _file.Sync();
    }

    private void MakeRefcountsDurable()
    {
        if (_refcounts.HasDirty)
        {
            _refcounts.WriteDirty();
            _file.Sync();
        }
    }

    private void ClusterFreed(long offset)
    {
        _map.Forget(offset);
        if (_decompressedEntry != 0)
        {
            _decompressedEntry = 0;
        }
    }

    private void PrepareForWriting()
    {
        // autoclear bits Emu does not understand (including bitmaps) are cleared before the first write (§2).
        if (_header.Version == 3 && _header.AutoclearFeatures != 0)
        {
            _header.AutoclearFeatures = 0;
            Span<byte> field = stackalloc byte[8];
            _file.Write(Qcow2Header.AutoclearOffset, field);
            _file.Sync();
        }

        if ((_header.IncompatibleFeatures & Qcow2Header.IncompatDirty) != 0)
        {
            Qcow2Repair.RebuildRefcounts(_file, _header, _refcounts, _map, _snapshots);
            _header.IncompatibleFeatures &= ~Qcow2Header.IncompatDirty;
            Span<byte> field = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(field, _header.IncompatibleFeatures);
            _file.Write(Qcow2Header.IncompatibleOffset, field);
            _file.Sync();
        }
    }

    private void CheckUsable()
    {
        if (_disposed)
        {
            throw new BlockException(BlockError.Io, $"{FileName} is closed");
        }

        if (_corrupt)
        {
            throw new BlockException(BlockError.Io, "qcow2: Image is corrupt; refusing to write");
        }
    }

    private void Guard(Action action)
    {
        CheckUsable();
        try
        {
            action();
        }
        catch (BlockException e) when (Qcow2Corruption.Is(e))
        {
            throw MarkCorrupt(e);
        }
    }

    /// <summary>QEMU's <c>qcow2_signal_corruption</c>: set incompat bit 1 on a writable image, fail with EIO.</summary>
    private BlockException MarkCorrupt(BlockException e)
    {
        if (IsReadOnly || _corrupt)
        {
            return e;
        }

        _corrupt = true;
        _header.IncompatibleFeatures |= Qcow2Header.IncompatCorrupt;
        if (_header.Version == 3)
        {
            Span<byte> field = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(field, _header.IncompatibleFeatures);
            _file.Write(Qcow2Header.IncompatibleOffset, field);
            _file.Sync();
        }

        return new BlockException(BlockError.Io, $"qcow2: Marking image as corrupt: {e.Reason}; further corruption events will be suppressed", e)
        {
            Reason = e.Reason,
        };
    }

    private void CheckWritable()
    {
        if (IsReadOnly)
        {
            throw new BlockException(BlockError.ReadOnly, "Block node is read-only");
        }
    }

    private void CheckRange(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset > Length - count)
        {
            throw new BlockException(BlockError.InvalidArgument, $"access {offset}+{count} is outside {FileName} ({Length} bytes)");
        }
    }
}
