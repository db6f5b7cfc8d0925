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
    /// <remarks>
    /// With <paramref name="vmState"/> (savevm) the new snapshot's L1 table grows past the disk to
    /// hold it (<see cref="Qcow2VmState"/>), and the active L1 keeps only the disk's entries, as
    /// QEMU discards the VM state from the active layer once the snapshot holds it.
    /// </remarks>
    public Qcow2SnapshotEntry Create(string name, uint seconds, uint nanoseconds, ulong vmClock, ulong icount, byte[]? vmState = null)
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
        ulong[] active = (ulong[])_map.L1.Clone();
        Qcow2SnapshotEntry entry = new()
        {
            L1Size = active.Length,
            Id = (maxId + 1).ToString(CultureInfo.InvariantCulture),
            Name = name,
            DateSeconds = seconds,
            DateNanoseconds = nanoseconds,
            VmClockNanoseconds = vmClock,
            ExtraData = Qcow2SnapshotEntry.MakeExtra((ulong)(vmState?.Length ?? 0), _header.Size, icount),
        };
        List<Qcow2SnapshotEntry> next = [.. Entries, entry];
        if (vmState is null)
        {
            Switch(active, active.Length, next, entry, active, _header.Size);
            return entry;
        }

        int first = Qcow2VmState.FirstL1Index(_header.Size, _header.ClusterBits);
        ulong[] snapshotL1 = new ulong[first + Qcow2VmState.L1EntriesFor(vmState.Length, _header)];
        Array.Copy(active, snapshotL1, Math.Min(active.Length, first));
        entry.L1Size = snapshotL1.Length;
        entry.VmStateSize32 = (uint)vmState.Length;
        Qcow2MetadataSwitch change = new(_file, _header, _refcounts, _map) { VmState = vmState, VmStateL1Index = first };
        _tableBytes = change.Commit(active, Math.Min(active.Length, Math.Max(first, 1)), next, entry, snapshotL1, _header.Size);
        Entries = next;
        return entry;
    }

    /// <summary>The VM state a savevm stored in <paramref name="entry"/> (empty for a disk-only snapshot).</summary>
    public byte[] ReadVmState(Qcow2SnapshotEntry entry)
    {
        if (entry.VmStateSize == 0)
        {
            return [];
        }

        ulong[] l1 = ReadSnapshotL1(entry);
        int first = Qcow2VmState.FirstL1Index(entry.DiskSize ?? _header.Size, _header.ClusterBits);
        return Qcow2VmState.Read(_file, _header, l1, first, (long)Math.Min(entry.VmStateSize, long.MaxValue));
    }

    /// <summary>Deletes a snapshot (§7.5) through one metadata switch.</summary>
    public void Delete(Qcow2SnapshotEntry entry)
    {
        ReadSnapshotL1(entry);
        _flushMetadata();
        List<Qcow2SnapshotEntry> next = [.. Entries];
        next.Remove(entry);
        Switch(_map.L1, _map.L1Size, next, null, null, _header.Size);
    }

    /// <summary>Makes the active layer the snapshot's (§7.4) through one metadata switch; the size follows the snapshot's.</summary>
    public void Revert(Qcow2SnapshotEntry entry)
    {
        ulong[] l1 = ReadSnapshotL1(entry);
        _flushMetadata();
        long size = entry.DiskSize ?? _header.Size;
        int entries = (int)Math.Max(Qcow2Header.L1EntriesFor(size, _header.ClusterBits), l1.Length);
        Switch(l1, entries, [.. Entries], null, null, size);
    }

    private void Switch(ulong[] activeSource, int activeEntries, List<Qcow2SnapshotEntry> next, Qcow2SnapshotEntry? created, ulong[]? createdL1, long size)
    {
        Qcow2MetadataSwitch change = new(_file, _header, _refcounts, _map);
        _tableBytes = change.Commit(activeSource, activeEntries, next, created, createdL1, size);
        Entries = next;
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

    private static BlockException Invalid(string reason, BlockError error = BlockError.Io) => new(error, reason) { Reason = reason };
}
