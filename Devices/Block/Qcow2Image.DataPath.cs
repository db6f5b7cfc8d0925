using System.IO.Compression;

namespace Emu.Devices.Block;

/// <summary>The data path of <see cref="Qcow2Image"/>: reads, writes with allocation and copy-on-write, zeroing, discard and block status. All under the image lock.</summary>
public sealed partial class Qcow2Image
{
    private enum Kind
    {
        Unallocated,
        Normal,
        Zero,
        Compressed,
    }

    private static Kind Classify(ulong entry)
    {
        if ((entry & Qcow2ClusterMap.Compressed) != 0)
        {
            return Kind.Compressed;
        }

        if ((entry & Qcow2ClusterMap.ZeroFlag) != 0)
        {
            return Kind.Zero;
        }

        return (entry & Qcow2ClusterMap.OffsetMask) != 0 ? Kind.Normal : Kind.Unallocated;
    }

    private ulong EntryAt(long guestCluster, out int slot)
    {
        slot = _map.LoadL2(guestCluster >> _l2Bits);
        return slot < 0 ? 0 : Qcow2ClusterMap.Entry(_map.Table(slot), (int)(guestCluster & (_l2Entries - 1)));
    }

    private void ReadLocked(long offset, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            long guest = offset + done;
            long cluster = guest >> _clusterBits;
            int inCluster = (int)(guest & _clusterMask);
            int l2Index = (int)(cluster & (_l2Entries - 1));
            ulong entry = EntryAt(cluster, out int slot);
            Kind kind = Classify(entry);
            long host = (long)(entry & Qcow2ClusterMap.OffsetMask);
            int want = destination.Length - done;
            int run = _clusterSize - inCluster;
            if (kind == Kind.Normal)
            {
                CheckDataOffset(host, cluster);
            }

            if (kind != Kind.Compressed)
            {
                // Extend over following clusters of the same kind (contiguous on the host for data).
                Span<byte> table = slot < 0 ? default : _map.Table(slot);
                for (int k = 1; run < want && l2Index + k < _l2Entries; k++)
                {
                    ulong next = slot < 0 ? 0 : Qcow2ClusterMap.Entry(table, l2Index + k);
                    if (Classify(next) != kind || (kind == Kind.Normal && (long)(next & Qcow2ClusterMap.OffsetMask) != host + ((long)k << _clusterBits)))
                    {
                        break;
                    }

                    run += _clusterSize;
                }
            }

            int n = Math.Min(run, want);
            Span<byte> part = destination.Slice(done, n);
            switch (kind)
            {
                case Kind.Normal:
                    _file.Read(host + inCluster, part);
                    break;
                case Kind.Zero:
                    part.Clear();
                    break;
                case Kind.Unallocated:
                    ReadBacking(guest, part);
                    break;
                default:
                    Decompress(entry).AsSpan(inCluster, n).CopyTo(part);
                    break;
            }

            done += n;
        }
    }

    private void ReadBacking(long guest, Span<byte> part)
    {
        if (_backing is null || guest >= _backing.Length)
        {
            part.Clear();
            return;
        }

        int inside = (int)Math.Min(part.Length, _backing.Length - guest);
        _backing.Read(guest, part[..inside]);
        part[inside..].Clear();
    }

    /// <summary>Inflates a compressed cluster (raw deflate, qcow2.md §4.3) into a buffer reused until the next one.</summary>
    private byte[] Decompress(ulong entry)
    {
        if (_decompressedEntry == entry)
        {
            return _decompressed;
        }

        (long host, int length) = _map.CompressedExtent(entry);
        if (length <= 0 || length > (2 * _clusterSize) + 512)
        {
            throw Qcow2Corruption.Error($"Compressed cluster descriptor 0x{entry:x} invalid");
        }

        byte[] input = new byte[length];
        _file.Read(host, input);
        try
        {
            using MemoryStream source = new(input, writable: false);
            using DeflateStream inflater = new(source, CompressionMode.Decompress);
            int total = 0;
            while (total < _clusterSize)
            {
                int n = inflater.Read(_decompressed, total, _clusterSize - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            if (total < _clusterSize)
            {
                throw new BlockException(BlockError.Io, $"qcow2: compressed cluster at 0x{host:x} is truncated");
            }
        }
        catch (InvalidDataException e)
        {
            _decompressedEntry = 0;
            throw new BlockException(BlockError.Io, $"qcow2: compressed cluster at 0x{host:x} cannot be inflated", e);
        }

        _decompressedEntry = entry;
        return _decompressed;
    }

    private void WriteLocked(long offset, ReadOnlySpan<byte> source)
    {
        int done = 0;
        long runHost = -1;
        int runStart = 0;
        int runLength = 0;
        while (done < source.Length)
        {
            long guest = offset + done;
            int inCluster = (int)(guest & _clusterMask);
            int n = Math.Min(_clusterSize - inCluster, source.Length - done);
            long host = PrepareCluster(guest, inCluster, source.Slice(done, n), out bool written);
            if (!written)
            {
                long target = host + inCluster;
                if (runLength > 0 && runHost + runLength == target)
                {
                    runLength += n;
                }
                else
                {
                    WriteRun(runHost, source.Slice(runStart, runLength));
                    runHost = target;
                    runStart = done;
                    runLength = n;
                }
            }

            done += n;
        }

        WriteRun(runHost, source.Slice(runStart, runLength));
    }

    private void WriteRun(long host, ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return;
        }

        _file.Write(host, data);
    }

    /// <summary>
    /// Finds or makes the writable host cluster for one guest cluster. A new cluster (unallocated,
    /// zero, compressed or shared before) gets the untouched head and tail from the old contents
    /// (copy-on-write); then <paramref name="written"/> is true and the data is already on the file.
    /// The old cluster loses its reference once the new L2 entry is durable.
    /// </summary>
    private long PrepareCluster(long guest, int inCluster, ReadOnlySpan<byte> data, out bool written)
    {
        written = false;
        long cluster = guest >> _clusterBits;
        int l2Index = (int)(cluster & (_l2Entries - 1));
        ulong entry = EntryAt(cluster, out int slot);
        if (slot >= 0 && (entry & Qcow2ClusterMap.Copied) != 0 && Classify(entry) == Kind.Normal)
        {
            long inPlace = (long)(entry & Qcow2ClusterMap.OffsetMask);
            CheckDataOffset(inPlace, cluster);
            return inPlace;
        }

        slot = _map.L2ForWrite(cluster >> _l2Bits);
        entry = Qcow2ClusterMap.Entry(_map.Table(slot), l2Index);
        Kind kind = Classify(entry);
        long oldHost = (long)(entry & Qcow2ClusterMap.OffsetMask);
        if (kind == Kind.Normal && (entry & Qcow2ClusterMap.Copied) != 0)
        {
            CheckDataOffset(oldHost, cluster);
            return oldHost;
        }

        long host = _refcounts.AllocateCluster();
        _allocatedEnd = Math.Max(_allocatedEnd, host + _clusterSize);
        if (data.Length < _clusterSize)
        {
            bool readsZero = kind == Kind.Zero || (kind == Kind.Unallocated && (_backing is null || guest - inCluster >= _backing.Length));
            if (readsZero && host >= _file.End)
            {
                // Past the end of the file the new cluster already reads as zeroes.
                slot = _map.L2ForWrite(cluster >> _l2Bits);
            }
            else
            {
                Span<byte> whole = _cowBuffer;
                switch (kind)
                {
                    case Kind.Normal:
                        _file.Read(oldHost, whole);
                        break;
                    case Kind.Compressed:
                        Decompress(entry).CopyTo(whole);
                        break;
                    case Kind.Unallocated:
                        ReadBacking(guest - inCluster, whole);
                        break;
                    default:
                        whole.Clear();
                        break;
                }

                data.CopyTo(whole[inCluster..]);
                WriteRun(host, whole);
                written = true;
                slot = _map.L2ForWrite(cluster >> _l2Bits);
            }
        }

        _map.SetEntry(slot, l2Index, (ulong)host | Qcow2ClusterMap.Copied);
        ReleaseOld(entry, kind);
        return host;
    }

    private void ReleaseOld(ulong entry, Kind kind)
    {
        if (kind == Kind.Compressed)
        {
            (long offset, int length) = _map.CompressedExtent(entry);
            _refcounts.DeferFreeRange(offset, length);
        }
        else if ((entry & Qcow2ClusterMap.OffsetMask) != 0)
        {
            _refcounts.DeferFree((long)(entry & Qcow2ClusterMap.OffsetMask));
        }
    }

    /// <summary>Data clusters must be aligned and must not lie on the header or the tables the header points at.</summary>
    private void CheckDataOffset(long host, long cluster)
    {
        if ((host & _clusterMask) != 0)
        {
            throw Qcow2Corruption.Error($"Cluster allocation offset 0x{host:x} unaligned (guest cluster: {cluster})");
        }

        if (host < _clusterSize
            || Overlaps(host, _header.L1TableOffset, _header.L1Size * 8L)
            || Overlaps(host, _header.RefcountTableOffset, (long)_header.RefcountTableClusters << _clusterBits)
            || (_header.SnapshotCount > 0 && Overlaps(host, _header.SnapshotsOffset, _clusterSize)))
        {
            throw Qcow2Corruption.Error($"Preventing invalid write on metadata (overlaps with cluster at 0x{host:x})");
        }
    }

    private bool Overlaps(long host, long start, long length) => length > 0 && host < start + length && start < host + _clusterSize;

    private void WriteZeroesLocked(long offset, long length, bool mayUnmap, bool fastOnly)
    {
        long end = offset + length;
        long firstFull = (offset + _clusterMask) & ~_clusterMask;
        long lastFull = end & ~_clusterMask;
        if (firstFull >= lastFull)
        {
            ZeroPartial(offset, length, fastOnly);
            return;
        }

        ZeroPartial(offset, firstFull - offset, fastOnly);
        bool v2WithBacking = _header.Version == 2 && _backing is not null;
        if (v2WithBacking)
        {
            if (fastOnly)
            {
                throw new BlockException(BlockError.NotSupported, "qcow2 v2 with a backing file cannot express zero clusters");
            }

            WriteZeroData(firstFull, lastFull - firstFull);
        }
        else
        {
            ClearClusters(firstFull, lastFull - firstFull, discard: false, mayUnmap);
        }

        ZeroPartial(lastFull, end - lastFull, fastOnly);
    }

    private void ZeroPartial(long offset, long length, bool fastOnly)
    {
        if (length <= 0 || ReadsAsZero(offset, length))
        {
            return;
        }

        if (fastOnly)
        {
            throw new BlockException(BlockError.NotSupported, "zeroing part of a cluster needs a write");
        }

        WriteZeroData(offset, length);
    }

    private bool ReadsAsZero(long offset, long length)
    {
        for (long c = offset >> _clusterBits; c <= (offset + length - 1) >> _clusterBits; c++)
        {
            Kind kind = Classify(EntryAt(c, out _));
            if (kind == Kind.Zero || (kind == Kind.Unallocated && (_backing is null || (c << _clusterBits) >= _backing.Length)))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private void WriteZeroData(long offset, long length)
    {
        _zeroes ??= new byte[_clusterSize];
        for (long done = 0; done < length;)
        {
            int n = (int)Math.Min(_clusterSize - ((offset + done) & _clusterMask), length - done);
            WriteLocked(offset + done, _zeroes.AsSpan(0, n));
            done += n;
        }
    }

    /// <summary>
    /// Whole-cluster discard or zeroing (qcow2.md §4.2): v3 gets ZERO entries (keeping an owned
    /// cluster when unmapping is not allowed), v2 without backing deallocates. Partial clusters are
    /// left alone by discard.
    /// </summary>
    private void ClearClusters(long offset, long length, bool discard, bool mayUnmap)
    {
        long first = (offset + _clusterMask) >> _clusterBits;
        long last = (offset + length) >> _clusterBits;
        bool v3 = _header.Version == 3;
        for (long c = first; c < last; c++)
        {
            ulong entry = EntryAt(c, out int slot);
            Kind kind = Classify(entry);
            ulong next;
            if (discard)
            {
                if (kind == Kind.Unallocated && (_backing is null || !v3))
                {
                    continue;
                }

                next = v3 ? Qcow2ClusterMap.ZeroFlag : 0;
            }
            else if (!v3)
            {
                next = 0;
            }
            else if (kind == Kind.Zero && (mayUnmap ? (entry & Qcow2ClusterMap.OffsetMask) == 0 : true))
            {
                continue;
            }
            else if (kind == Kind.Unallocated && _backing is null)
            {
                continue;
            }
            else if (!mayUnmap && kind == Kind.Normal && (entry & Qcow2ClusterMap.Copied) != 0)
            {
                next = entry | Qcow2ClusterMap.ZeroFlag;
            }
            else
            {
                next = Qcow2ClusterMap.ZeroFlag;
            }

            if (next == entry || (slot < 0 && next == 0))
            {
                continue;
            }

            slot = _map.L2ForWrite(c >> _l2Bits);
            entry = Qcow2ClusterMap.Entry(_map.Table(slot), (int)(c & (_l2Entries - 1)));
            kind = Classify(entry);
            if ((next & Qcow2ClusterMap.OffsetMask) != 0 && (entry & Qcow2ClusterMap.Copied) == 0)
            {
                next = Qcow2ClusterMap.ZeroFlag;
            }

            _map.SetEntry(slot, (int)(c & (_l2Entries - 1)), next);
            if ((next & Qcow2ClusterMap.OffsetMask) == 0)
            {
                ReleaseOld(entry, kind);
            }
        }

        if (_refcounts.DeferredCount > 4096)
        {
            FlushMetadata();
        }
    }

    private BlockStatus StatusLocked(long offset, long length, out long extentLength)
    {
        long end = offset + length;
        Kind kind = Classify(EntryAt(offset >> _clusterBits, out int slot));
        long pos = Math.Min(end, StepEnd(offset, slot));
        if (kind == Kind.Unallocated && _backing is not null)
        {
            while (pos < end && Classify(EntryAt(pos >> _clusterBits, out slot)) == Kind.Unallocated)
            {
                pos = Math.Min(end, StepEnd(pos, slot));
            }

            if (offset >= _backing.Length)
            {
                extentLength = pos - offset;
                return BlockStatus.Hole | BlockStatus.Zero;
            }

            pos = Math.Min(pos, _backing.Length);
            return _backing.GetStatus(offset, pos - offset, out extentLength);
        }

        BlockStatus status = StatusOf(kind);
        while (pos < end)
        {
            Kind next = Classify(EntryAt(pos >> _clusterBits, out slot));
            if ((next == Kind.Unallocated && _backing is not null) || StatusOf(next) != status)
            {
                break;
            }

            pos = Math.Min(end, StepEnd(pos, slot));
        }

        extentLength = pos - offset;
        return status;
    }

    /// <summary>End of the cluster holding <paramref name="pos"/>, or of its whole L2 range when that has no table.</summary>
    private long StepEnd(long pos, int slot)
    {
        int bits = slot < 0 ? _clusterBits + _l2Bits : _clusterBits;
        return ((pos >> bits) + 1) << bits;
    }

    private static BlockStatus StatusOf(Kind kind) => kind is Kind.Normal or Kind.Compressed ? BlockStatus.Data : BlockStatus.Hole | BlockStatus.Zero;
}
