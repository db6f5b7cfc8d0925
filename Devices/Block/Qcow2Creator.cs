using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>
/// Creates empty qcow2 images laid out as <c>qemu-img create -f qcow2</c> lays them out
/// (qcow2.md §1.2): header, refcount table, refcount block, L1 table; the file ends with the L1.
/// </summary>
public static class Qcow2Creator
{
    /// <summary>Writes a new image at <paramref name="path"/> (replacing any file there).</summary>
    public static void Create(string path, long size, int version = 3, int clusterSize = 65536, string? backingFile = null, string? backingFormat = null)
    {
        if (clusterSize < 512 || clusterSize > 2 * 1024 * 1024 || (clusterSize & (clusterSize - 1)) != 0)
        {
            throw new BlockException(BlockError.InvalidArgument, "Cluster size must be a power of two between 512 and 2048k");
        }

        if (version is not (2 or 3))
        {
            throw new BlockException(BlockError.InvalidArgument, $"Invalid compat version {version}");
        }

        int bits = System.Numerics.BitOperations.Log2((uint)clusterSize);
        long l1Size = Qcow2Header.L1EntriesFor(size, bits);
        if (l1Size * 8 > 32L * 1024 * 1024)
        {
            throw new BlockException(BlockError.InvalidArgument, "Image size too large for this cluster size");
        }

        Qcow2Header header = new()
        {
            Version = version,
            ClusterBits = bits,
            Size = size,
            L1Size = (int)l1Size,
            RefcountOrder = 4,
            BackingFile = backingFile,
            BackingFormat = backingFile is null ? null : backingFormat,
        };

        long entriesPerBlock = header.RefblockEntries;
        long l1Clusters = Math.Max(1, ((l1Size * 8) + clusterSize - 1) / clusterSize);
        long tableClusters = 1;
        long blocks = 1;
        while (true)
        {
            long total = 1 + tableClusters + blocks + l1Clusters;
            long needBlocks = (total + entriesPerBlock - 1) / entriesPerBlock;
            long needTable = ((needBlocks * 8) + clusterSize - 1) / clusterSize;
            if (needBlocks == blocks && needTable == tableClusters)
            {
                break;
            }

            blocks = needBlocks;
            tableClusters = needTable;
        }

        long used = 1 + tableClusters + blocks + l1Clusters;
        header.RefcountTableOffset = (long)clusterSize;
        header.RefcountTableClusters = (int)tableClusters;
        header.L1TableOffset = (1 + tableClusters + blocks) * clusterSize;

        using HostFile file = HostFile.Create(path, CacheMode.Writeback);
        file.Write(0, header.Serialize());
        byte[] table = new byte[tableClusters * clusterSize];
        for (long b = 0; b < blocks; b++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(table.AsSpan((int)(b * 8)), (ulong)((1 + tableClusters + b) * clusterSize));
        }

        file.Write(header.RefcountTableOffset, table);
        byte[] block = new byte[clusterSize];
        for (long b = 0; b < blocks; b++)
        {
            Array.Clear(block);
            for (long c = b * entriesPerBlock; c < Math.Min(used, (b + 1) * entriesPerBlock); c++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(block.AsSpan((int)((c - (b * entriesPerBlock)) * 2)), 1);
            }

            file.Write((1 + tableClusters + b) * clusterSize, block);
        }

        file.SetLength(header.L1TableOffset + (l1Size * 8));
        file.Sync();
    }
}
