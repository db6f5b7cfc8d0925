using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>
/// The VM state of a whole-machine snapshot (QEMU's savevm): stored in the snapshot's own L1 table
/// past the guest disk, from L1 index <c>size_to_l1(disk size)</c> on (QEMU's
/// <c>qcow2_vm_state_offset</c>), so <c>qemu-img snapshot -l</c> shows its size and
/// <c>qemu-img check</c> counts its clusters. Emu writes it straight into the new snapshot's
/// tables during the metadata switch (QEMU writes it through the active layer and then discards
/// it there; the result on disk is the same). All-zero clusters stay unallocated.
/// </summary>
internal static class Qcow2VmState
{
    /// <summary>The most Emu loads into memory at once.</summary>
    public const long MaxBytes = int.MaxValue / 2;

    public static int FirstL1Index(long diskSize, int clusterBits) => (int)Qcow2Header.L1EntriesFor(diskSize, clusterBits);

    /// <summary>L1 entries the state needs past <see cref="FirstL1Index"/>.</summary>
    public static int L1EntriesFor(long bytes, Qcow2Header header)
    {
        long perL2 = (long)header.L2Entries << header.ClusterBits;
        return (int)((bytes + perL2 - 1) / perL2);
    }

    /// <summary>
    /// Lays the state out in clusters that <paramref name="take"/> hands out (free now), adds the
    /// writes to <paramref name="writes"/> and points <paramref name="l1"/> from <paramref name="firstIndex"/> at the L2 tables.
    /// </summary>
    public static void Place(ReadOnlySpan<byte> state, Qcow2Header header, ulong[] l1, int firstIndex, Func<long, long> take, List<(long Offset, byte[] Data)> writes)
    {
        int clusterSize = header.ClusterSize;
        int l2Entries = header.L2Entries;
        long clusters = (state.Length + clusterSize - 1L) / clusterSize;
        byte[]? table = null;
        for (long c = 0; c < clusters; c++)
        {
            int slot = (int)(c % l2Entries);
            if (slot == 0)
            {
                table = null;
            }

            int at = (int)(c * clusterSize);
            ReadOnlySpan<byte> part = state.Slice(at, Math.Min(clusterSize, state.Length - at));
            if (!part.ContainsAnyExcept((byte)0))
            {
                continue;
            }

            if (table is null)
            {
                table = new byte[clusterSize];
                long l2 = take(1);
                writes.Add((l2, table));
                l1[firstIndex + (int)(c / l2Entries)] = (ulong)l2;
            }

            byte[] data = new byte[clusterSize];
            part.CopyTo(data);
            long offset = take(1);
            writes.Add((offset, data));
            BinaryPrimitives.WriteUInt64BigEndian(table.AsSpan(slot * 8), (ulong)offset);
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes of state through a snapshot's L1 table.</summary>
    public static byte[] Read(HostFile file, Qcow2Header header, ulong[] l1, int firstIndex, long length)
    {
        if (length > MaxBytes)
        {
            throw new BlockException(BlockError.NoSpace, $"VM state of {length} bytes is too large to load");
        }

        byte[] state = new byte[length];
        int clusterSize = header.ClusterSize;
        int l2Entries = header.L2Entries;
        byte[] table = new byte[clusterSize];
        long loadedTable = -1;
        for (long at = 0; at < length; at += clusterSize)
        {
            long c = at / clusterSize;
            int index = firstIndex + (int)(c / l2Entries);
            long l2 = index < l1.Length ? (long)(l1[index] & Qcow2ClusterMap.OffsetMask) : 0;
            if (l2 == 0)
            {
                continue;
            }

            if (l2 != loadedTable)
            {
                CheckAligned(l2, clusterSize, "L2 table");
                file.Read(l2, table);
                loadedTable = l2;
            }

            ulong entry = Qcow2ClusterMap.Entry(table, (int)(c % l2Entries));
            if ((entry & Qcow2ClusterMap.Compressed) != 0)
            {
                throw new BlockException(BlockError.NotSupported, "compressed VM state clusters are not supported");
            }

            long data = (long)(entry & Qcow2ClusterMap.OffsetMask);
            if (data == 0 || (entry & Qcow2ClusterMap.ZeroFlag) != 0)
            {
                continue;
            }

            CheckAligned(data, clusterSize, "VM state cluster");
            file.Read(data, state.AsSpan((int)at, (int)Math.Min(clusterSize, length - at)));
        }

        return state;
    }

    private static void CheckAligned(long offset, int clusterSize, string what)
    {
        if ((offset & (clusterSize - 1)) != 0)
        {
            throw Qcow2Corruption.Error($"{what} offset 0x{offset:x} unaligned");
        }
    }
}
