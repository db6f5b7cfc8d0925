using System.Buffers.Binary;

namespace Emu.Monitor.Block;

/// <summary>
/// The qcow2 header fields query-block reports (cluster size and ImageInfoSpecificQCow2), read
/// straight from the image file's header (spec qcow2.md header layout: version at 4, cluster_bits
/// at 20, incompatible/compatible features at 72/80, refcount_order at 96, header_length at 100,
/// compression type at 104).
/// </summary>
public sealed record Qcow2HeaderSummary(int Version, long ClusterSize, bool LazyRefcounts, int RefcountBits, bool Corrupt, bool ExtendedL2, string CompressionType)
{
    public static Qcow2HeaderSummary? TryRead(string fileName)
    {
        Span<byte> header = stackalloc byte[112];
        header.Clear();
        try
        {
            using FileStream file = new(fileName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (file.ReadAtLeast(header, 72, throwOnEndOfStream: false) < 72)
            {
                return null;
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        int version = (int)BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        int clusterBits = (int)BinaryPrimitives.ReadUInt32BigEndian(header[20..]);
        if (clusterBits < 9 || clusterBits > 21)
        {
            return null;
        }

        if (version < 3)
        {
            return new Qcow2HeaderSummary(version, 1L << clusterBits, false, 16, false, false, "zlib");
        }

        ulong incompatible = BinaryPrimitives.ReadUInt64BigEndian(header[72..]);
        ulong compatible = BinaryPrimitives.ReadUInt64BigEndian(header[80..]);
        int refcountOrder = (int)BinaryPrimitives.ReadUInt32BigEndian(header[96..]);
        uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(header[100..]);
        string compression = headerLength > 104 && header[104] == 1 ? "zstd" : "zlib";
        return new Qcow2HeaderSummary(
            version,
            1L << clusterBits,
            (compatible & 1) != 0,
            1 << Math.Clamp(refcountOrder, 0, 6),
            (incompatible & 2) != 0,
            (incompatible & 16) != 0,
            compression);
    }
}
