using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Emu.Devices.Block;

/// <summary>
/// Internal snapshots (qcow2.md §7, QEMU's <c>qcow2-snapshot.c</c>): the snapshot table and the
/// create / delete / revert sequences. Each sequence makes every step durable before the next
/// pointer switch, so a crash anywhere leaks clusters at worst. Callers hold the image lock.
/// </summary>
public sealed class Qcow2Snapshots
{
    private const int MaxExtra = 1024;
    private const long MaxTableBytes = 64L * 1024 * 1024;
    private const long MaxL1Bytes = 32L * 1024 * 1024;

    private readonly HostFile _file;
    private readonly Qcow2Header _header;
    private readonly Qcow2Refcounts _refcounts;
    private readonly Qcow2ClusterMap _map;
    private readonly Action _flushMetadata;
    private long _tableBytes;

    public Qcow2Snapshots(HostFile file, Qcow2Header header, Qcow2Refcounts refcounts, Qcow2ClusterMap map, Action flushMetadata)
    {
        _file = file;
        _header = header;
        _refcounts = refcounts;
        _map = map;
        _flushMetadata = flushMetadata;
        Entries = Read(file, header, out _tableBytes);
    }

    public List<Qcow2SnapshotEntry> Entries { get; private set; }

    /// <summary>Reads the table with QEMU's limits (§9 rows 25 and 26).</summary>
    public static List<Qcow2SnapshotEntry> Read(HostFile file, Qcow2Header header, out long tableBytes)
    {
        List<Qcow2SnapshotEntry> list = new(Math.Min(header.SnapshotCount, 1024));
        long offset = header.SnapshotsOffset;
        Span<byte> fixedPart = stackalloc byte[Qcow2SnapshotEntry.FixedLength];
        for (int i = 0; i < header.SnapshotCount; i++)
        {
            offset = (offset + 7) & ~7L;
            if (offset - header.SnapshotsOffset > MaxTableBytes)
            {
                throw Invalid("Snapshot table is too big");
            }

            file.Read(offset, fixedPart);
            Qcow2SnapshotEntry e = new()
            {
                L1TableOffset = (long)BinaryPrimitives.ReadUInt64BigEndian(fixedPart),
                L1Size = (int)BinaryPrimitives.ReadUInt32BigEndian(fixedPart[8..]),
                DateSeconds = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[16..]),
                DateNanoseconds = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[20..]),
                VmClockNanoseconds = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[24..]),
                VmStateSize32 = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[32..]),
            };
            int idSize = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[12..]);
            int nameSize = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[14..]);
            uint extraSize = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[36..]);
            if (extraSize > MaxExtra)
            {
                throw new BlockException(BlockError.Io, $"Too much extra metadata in snapshot table entry {i}")
                {
                    Reason = $"Too much extra metadata in snapshot table entry {i}",
                    Hint = "You can force-remove this extra metadata with qemu-img check -r all",
                };
            }

            offset += Qcow2SnapshotEntry.FixedLength;
            byte[] rest = new byte[extraSize + idSize + nameSize];
            file.Read(offset, rest);
            e.ExtraData = rest.AsSpan(0, (int)extraSize).ToArray();
            e.Id = Encoding.UTF8.GetString(rest, (int)extraSize, idSize);
            e.Name = Encoding.UTF8.GetString(rest, (int)extraSize + idSize, nameSize);
            offset += rest.Length;
            list.Add(e);
        }

        tableBytes = offset - header.SnapshotsOffset;
        return list;
    }

    public Qcow2SnapshotEntry? FindById(string id) => Entries.Find(e => e.Id == id);

    public Qcow2SnapshotEntry? FindByName(string name) => Entries.Find(e => e.Name == name);

    /// <summary>QEMU's <c>qcow2_snapshot_create</c> (§7.3).</summary>
    public Qcow2SnapshotEntry Create(string name, uint seconds, uint nanoseconds, ulong vmClock, ulong icount)
    {
        if (Entries.Count >= 65536)
        {
            throw new BlockException(BlockError.NoSpace, "Too many snapshots");
        }

        ulong maxId = 0;
        foreach (Qcow2SnapshotEntry e in Entries)
        {
            if (ulong.TryParse(e.Id, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            {
                maxId = Math.Max(maxId, n);
            }
        }

        _flushMetadata();

        // Copy of the active L1, then +1 on everything it reaches; COPIED cleared where now shared.
        ulong[] active = _map.L1;
        long l1Offset = 0;
        if (active.Length > 0)
        {
            byte[] copy = Qcow2ClusterMap.TableBytes(active, active.Length);
            l1Offset = _refcounts.AllocateClusters(ClustersFor(copy.Length));
            _file.Write(l1Offset, copy);
        }

        _map.UpdateRefcounts(active, 1);
        _map.RecomputeCopied();
        _flushMetadata();

        Qcow2SnapshotEntry entry = new()
        {
            L1TableOffset = l1Offset,
            L1Size = active.Length,
            Id = (maxId + 1).ToString(CultureInfo.InvariantCulture),
            Name = name,
            DateSeconds = seconds,
            DateNanoseconds = nanoseconds,
            VmClockNanoseconds = vmClock,
            ExtraData = Qcow2SnapshotEntry.MakeExtra(0, _header.Size, icount),
        };
        List<Qcow2SnapshotEntry> next = [.. Entries, entry];
        SwitchTable(next);
        return entry;
    }

    /// <summary>QEMU's <c>qcow2_snapshot_delete</c> (§7.5).</summary>
    public void Delete(Qcow2SnapshotEntry entry)
    {
        ulong[] l1 = ReadSnapshotL1(entry);
        _flushMetadata();
        List<Qcow2SnapshotEntry> next = [.. Entries];
        next.Remove(entry);
        SwitchTable(next);

        // The table no longer names the snapshot: dropping its references can only leak.
        _map.UpdateRefcounts(l1, -1);
        if (entry.L1Size > 0)
        {
            _refcounts.FreeNow(entry.L1TableOffset, ClustersFor(entry.L1Size * 8L));
        }

        _map.RecomputeCopied();
        _flushMetadata();
    }

    /// <summary>QEMU's <c>qcow2_snapshot_goto</c> (§7.4).</summary>
    public void Revert(Qcow2SnapshotEntry entry, Action<int> growL1)
    {
        ulong[] l1 = ReadSnapshotL1(entry);
        _flushMetadata();
        long size = entry.DiskSize ?? _header.Size;
        if (size != _header.Size)
        {
            Span<byte> field = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(field, (ulong)size);
            _file.Write(Qcow2Header.SizeOffset, field);
            _file.Sync();
            _header.Size = size;
        }

        int needed = (int)Math.Max(Qcow2Header.L1EntriesFor(size, _header.ClusterBits), l1.Length);
        if (needed > _map.L1Size)
        {
            growL1(needed);
        }

        _map.UpdateRefcounts(l1, 1);
        _refcounts.WriteDirty();
        _file.Sync();

        ulong[] next = new ulong[_map.L1Size];
        Array.Copy(l1, next, l1.Length);
        _file.Write(_header.L1TableOffset, Qcow2ClusterMap.TableBytes(next, next.Length));
        _file.Sync();

        // The active L1 on disk is the snapshot's now: the old tables lose a reference.
        ulong[] old = _map.L1;
        _map.ReplaceL1(next);
        _map.UpdateRefcounts(old, -1);
        _map.RecomputeCopied();
        _flushMetadata();
    }

    private ulong[] ReadSnapshotL1(Qcow2SnapshotEntry entry)
    {
        if ((ulong)entry.L1Size > (ulong)(MaxL1Bytes / 8))
        {
            throw Invalid("Snapshot L1 table too large", BlockError.NoSpace);
        }

        if ((entry.L1TableOffset & (_header.ClusterSize - 1)) != 0 || entry.L1TableOffset < 0 || long.MaxValue - (entry.L1Size * 8L) < entry.L1TableOffset)
        {
            throw Invalid("Snapshot L1 table offset invalid", BlockError.InvalidArgument);
        }

        return Qcow2ClusterMap.ReadTable(_file, entry.L1TableOffset, entry.L1Size);
    }

    /// <summary>Writes the new table to fresh clusters, switches the header's 12 bytes at 60 in one synced write, then frees the old table.</summary>
    private void SwitchTable(List<Qcow2SnapshotEntry> next)
    {
        long length = 0;
        foreach (Qcow2SnapshotEntry e in next)
        {
            length = ((length + 7) & ~7L) + e.Length;
        }

        long offset = 0;
        if (next.Count > 0)
        {
            byte[] table = new byte[length];
            long at = 0;
            foreach (Qcow2SnapshotEntry e in next)
            {
                at = (at + 7) & ~7L;
                at += e.WriteTo(table.AsSpan((int)at));
            }

            offset = _refcounts.AllocateClusters(ClustersFor(length));
            _file.Write(offset, table);
        }

        _refcounts.WriteDirty();
        _file.Sync();

        Span<byte> fields = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(fields, (uint)next.Count);
        BinaryPrimitives.WriteUInt64BigEndian(fields[4..], (ulong)offset);
        _file.Write(Qcow2Header.SnapshotCountOffset, fields);
        _file.Sync();

        long oldOffset = _header.SnapshotsOffset;
        long oldLength = _tableBytes;
        _tableBytes = next.Count > 0 ? length : 0;
        _header.SnapshotCount = next.Count;
        _header.SnapshotsOffset = offset;
        Entries = next;
        if (oldOffset != 0 && oldLength > 0)
        {
            _refcounts.FreeNow(oldOffset, ClustersFor(oldLength));
        }
    }

    private long ClustersFor(long bytes) => (bytes + _header.ClusterSize - 1) >> _header.ClusterBits;

    private static BlockException Invalid(string reason, BlockError error = BlockError.Io) => new(error, reason) { Reason = reason };
}
