using System.Buffers.Binary;
using System.Text;

namespace Emu.Devices.Block;

/// <summary>
/// The qcow2 header (qcow2.md §1) with its extensions (§3): parsed and validated in QEMU 7.2's
/// order with its messages (§9), and written back the way <c>qcow2_update_header</c> writes it,
/// keeping unknown header fields and unknown extensions.
/// </summary>
public sealed class Qcow2Header
{
    public const uint Magic = 0x514649FB;
    public const int V2Length = 72;
    public const int V3Length = 104;
    public const int V3WrittenLength = 112;

    public const ulong IncompatDirty = 1;
    public const ulong IncompatCorrupt = 2;
    public const ulong IncompatDataFile = 4;
    public const ulong IncompatCompression = 8;
    public const ulong IncompatExtendedL2 = 16;
    public const ulong CompatLazyRefcounts = 1;
    public const byte CompressionZstd = 1;
    public const ulong AutoclearBitmaps = 1;
    public const ulong AutoclearRawData = 2;

    public const uint ExtEnd = 0;
    public const uint ExtBackingFormat = 0xE2792ACA;
    public const uint ExtFeatureTable = 0x6803F857;
    public const uint ExtBitmaps = 0x23852875;
    public const uint ExtCrypto = 0x0537BE77;
    public const uint ExtDataFile = 0x44415441;

    /// <summary>Header field offsets written in place (qcow2.md §3, last paragraph).</summary>
    public const int SizeOffset = 24;
    public const int L1SizeOffset = 36;
    public const int RefcountTableOffsetField = 48;
    public const int SnapshotCountOffset = 60;
    public const int IncompatibleOffset = 72;
    public const int AutoclearOffset = 88;

    private const long MaxL1Bytes = 32L * 1024 * 1024;
    private const long MaxRefcountTableBytes = 8L * 1024 * 1024;
    private const int MaxSnapshots = 65536;
    private const int MaxBackingNameLength = 1023;

    /// <summary>The feature-name table QEMU 7.2 writes (qcow2.md §1.2): type, bit, name.</summary>
    private static readonly (byte Type, byte Bit, string Name)[] DefaultFeatureNames =
    [
        (0, 0, "dirty bit"),
        (0, 1, "corrupt bit"),
        (0, 2, "external data file"),
        (0, 3, "compression type"),
        (0, 4, "extended L2 entries"),
        (1, 0, "lazy refcounts"),
        (2, 0, "bitmaps"),
        (2, 1, "raw external data"),
    ];

    public int Version { get; set; }

    public int ClusterBits { get; set; }

    public long Size { get; set; }

    public uint CryptMethod { get; set; }

    public int L1Size { get; set; }

    public long L1TableOffset { get; set; }

    public long RefcountTableOffset { get; set; }

    public int RefcountTableClusters { get; set; }

    public int SnapshotCount { get; set; }

    public long SnapshotsOffset { get; set; }

    public ulong IncompatibleFeatures { get; set; }

    public ulong CompatibleFeatures { get; set; }

    public ulong AutoclearFeatures { get; set; }

    public int RefcountOrder { get; set; } = 4;

    public int HeaderLength { get; set; }

    public byte CompressionType { get; set; }

    /// <summary>Bytes between the known fields and header_length, written back verbatim.</summary>
    public byte[] UnknownHeaderFields { get; set; } = [];

    public string? BackingFile { get; set; }

    public string? BackingFormat { get; set; }

    /// <summary>The bitmaps extension, kept verbatim (Emu does not implement bitmaps).</summary>
    public byte[]? BitmapsExtension { get; set; }

    /// <summary>Unknown extensions in file order.</summary>
    public List<Qcow2Extension> UnknownExtensions { get; } = [];

    public int ClusterSize => 1 << ClusterBits;

    public int L2Entries => ClusterSize / 8;

    public int RefcountBits => 1 << RefcountOrder;

    public long RefblockEntries => (long)ClusterSize * 8 / RefcountBits;

    /// <summary>L1 entries needed to map <paramref name="size"/> bytes with this cluster size.</summary>
    public static long L1EntriesFor(long size, int clusterBits)
    {
        long perL2 = 1L << (clusterBits + clusterBits - 3);
        return (size + perL2 - 1) / perL2;
    }

    /// <summary>
    /// Reads and validates the header of <paramref name="file"/>. Messages are QEMU's (§9); the
    /// caller prefixes "Could not open 'x': ".
    /// </summary>
    public static Qcow2Header Read(HostFile file, bool writable)
    {
        Span<byte> fixedPart = stackalloc byte[V3WrittenLength];
        file.Read(0, fixedPart);
        if (BinaryPrimitives.ReadUInt32BigEndian(fixedPart) != Magic)
        {
            throw Invalid("Image is not in qcow2 format");
        }

        Qcow2Header h = new() { Version = (int)BinaryPrimitives.ReadUInt32BigEndian(fixedPart[4..]) };
        if (h.Version is not (2 or 3))
        {
            throw Invalid($"Unsupported qcow2 version {(uint)h.Version}");
        }

        ulong backingOffset = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[8..]);
        uint backingSize = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[16..]);
        uint clusterBits = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[20..]);
        if (clusterBits < 9 || clusterBits > 21)
        {
            throw Invalid($"Unsupported cluster size: 2^{clusterBits}");
        }

        h.ClusterBits = (int)clusterBits;
        ulong size = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[24..]);
        h.CryptMethod = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[32..]);
        uint l1Size = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[36..]);
        ulong l1Offset = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[40..]);
        ulong refTableOffset = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[48..]);
        uint refTableClusters = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[56..]);
        uint snapshotCount = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[60..]);
        ulong snapshotsOffset = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[64..]);

        if (h.Version == 2)
        {
            h.HeaderLength = V2Length;
        }
        else
        {
            h.IncompatibleFeatures = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[72..]);
            h.CompatibleFeatures = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[80..]);
            h.AutoclearFeatures = BinaryPrimitives.ReadUInt64BigEndian(fixedPart[88..]);
            uint order = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[96..]);
            uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[100..]);
            if (headerLength < V3Length)
            {
                throw Invalid("qcow2 header too short");
            }

            if (headerLength > (uint)h.ClusterSize)
            {
                throw Invalid("qcow2 header exceeds cluster size");
            }

            h.HeaderLength = (int)headerLength;
            h.RefcountOrder = order > 6 ? 7 : (int)order;
            if (headerLength > V3Length)
            {
                h.CompressionType = fixedPart[104];
            }
        }

        if (backingOffset > (ulong)h.ClusterSize)
        {
            throw Invalid("Invalid backing file offset");
        }

        byte[] cluster0 = new byte[h.ClusterSize];
        file.Read(0, cluster0);
        if (h.HeaderLength > V3WrittenLength)
        {
            h.UnknownHeaderFields = cluster0.AsSpan(V3WrittenLength, h.HeaderLength - V3WrittenLength).ToArray();
        }

        List<(byte Type, byte Bit, string Name)> featureNames = [];
        int extensionsEnd = backingOffset != 0 ? (int)backingOffset : h.ClusterSize;
        string? extensionError = h.ParseExtensions(cluster0, extensionsEnd, featureNames);

        // §2 compression-type consistency, before the unknown-bit check.
        if (h.Version == 3)
        {
            bool bit = (h.IncompatibleFeatures & IncompatCompression) != 0;
            if (h.CompressionType >= 2)
            {
                throw Invalid($"qcow2: unknown compression type: {h.CompressionType}");
            }

            if (bit && h.CompressionType == 0)
            {
                throw Invalid("qcow2: Compression type incompatible feature bit must not be set");
            }

            if (!bit && h.CompressionType == 1)
            {
                throw Invalid("qcow2: Compression type incompatible feature bit must be set");
            }
        }

        // Emu implements dirty and corrupt only; everything else incompatible is refused by name.
        ulong unsupported = h.IncompatibleFeatures & ~(IncompatDirty | IncompatCorrupt);
        if (unsupported != 0)
        {
            throw Invalid("Unsupported qcow2 feature(s): " + DescribeFeatures(unsupported, featureNames));
        }

        if ((h.IncompatibleFeatures & IncompatCorrupt) != 0 && writable)
        {
            throw Invalid("qcow2: Image is corrupt; cannot be opened read/write");
        }

        if (h.RefcountOrder > 6)
        {
            throw Invalid("Reference count entry width too large; may not exceed 64 bits");
        }

        if (h.CryptMethod > 2)
        {
            throw Invalid($"Unsupported encryption method {h.CryptMethod}");
        }

        if (h.CryptMethod != 0)
        {
            throw Invalid("Encrypted qcow2 images are not supported");
        }

        if (refTableClusters == 0)
        {
            throw Invalid("Image does not contain a reference count table");
        }

        ValidateTable(refTableOffset, refTableClusters, h.ClusterSize, MaxRefcountTableBytes, h.ClusterSize, "Reference count table");
        h.RefcountTableOffset = (long)refTableOffset;
        h.RefcountTableClusters = (int)refTableClusters;

        if (snapshotCount > MaxSnapshots)
        {
            throw Invalid("Snapshot table too large");
        }

        ValidateTable(snapshotsOffset, snapshotCount, 40, 40L * MaxSnapshots, h.ClusterSize, "Snapshot table");
        h.SnapshotCount = (int)snapshotCount;
        h.SnapshotsOffset = (long)snapshotsOffset;

        ValidateTable(l1Offset, l1Size, 8, MaxL1Bytes, h.ClusterSize, "Active L1 table");
        h.L1Size = (int)l1Size;
        h.L1TableOffset = (long)l1Offset;

        if (size > long.MaxValue / 2 || L1EntriesFor((long)size, h.ClusterBits) > int.MaxValue)
        {
            throw Invalid("Image is too big");
        }

        h.Size = (long)size;
        if (h.L1Size < L1EntriesFor(h.Size, h.ClusterBits))
        {
            throw Invalid("L1 table is too small");
        }

        if (extensionError is not null)
        {
            throw Invalid(extensionError);
        }

        if (backingOffset != 0)
        {
            if (backingSize > MaxBackingNameLength || backingSize > (ulong)h.ClusterSize - backingOffset)
            {
                throw Invalid("Backing file name too long");
            }

            h.BackingFile = Encoding.UTF8.GetString(cluster0, (int)backingOffset, (int)backingSize);
        }

        return h;
    }

    /// <summary>
    /// The whole first cluster as QEMU's <c>qcow2_update_header</c> lays it out (qcow2.md §3,
    /// write order), with the backing file name after the end marker.
    /// </summary>
    public byte[] Serialize()
    {
        byte[] buffer = new byte[ClusterSize];
        Span<byte> b = buffer;
        int fixedLength = Version == 2 ? V2Length : V3WrittenLength + UnknownHeaderFields.Length;
        if (Version == 3)
        {
            HeaderLength = fixedLength;
        }

        byte[] backingName = BackingFile is null ? [] : Encoding.UTF8.GetBytes(BackingFile);
        // QEMU 7.2 writes the feature-name table only with clusters of 8 KiB and more [seen].
        int withoutTable = fixedLength + ExtensionsLength(includeFeatureTable: false) + 8 + backingName.Length;
        bool featureTable = Version == 3 && ClusterSize >= 8192 && withoutTable + 8 + (DefaultFeatureNames.Length * 48) <= ClusterSize;
        int end = fixedLength;
        if (BackingFormat is not null)
        {
            end = PutExtension(b, end, ExtBackingFormat, Encoding.UTF8.GetBytes(BackingFormat));
        }

        if (featureTable)
        {
            byte[] table = new byte[DefaultFeatureNames.Length * 48];
            for (int i = 0; i < DefaultFeatureNames.Length; i++)
            {
                table[i * 48] = DefaultFeatureNames[i].Type;
                table[(i * 48) + 1] = DefaultFeatureNames[i].Bit;
                Encoding.ASCII.GetBytes(DefaultFeatureNames[i].Name, table.AsSpan((i * 48) + 2));
            }

            end = PutExtension(b, end, ExtFeatureTable, table);
        }

        if (BitmapsExtension is not null)
        {
            end = PutExtension(b, end, ExtBitmaps, BitmapsExtension);
        }

        // QEMU prepends unknown extensions to a list, so they come back in reverse order [seen].
        for (int i = UnknownExtensions.Count - 1; i >= 0; i--)
        {
            end = PutExtension(b, end, UnknownExtensions[i].Type, UnknownExtensions[i].Data);
        }

        end += 8;
        if (end + backingName.Length > ClusterSize)
        {
            throw new BlockException(BlockError.NoSpace, "qcow2 header does not fit in the first cluster");
        }

        long backingOffset = 0;
        if (backingName.Length > 0)
        {
            backingOffset = end;
            backingName.CopyTo(b[end..]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(b, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], (uint)Version);
        BinaryPrimitives.WriteUInt64BigEndian(b[8..], (ulong)backingOffset);
        BinaryPrimitives.WriteUInt32BigEndian(b[16..], (uint)backingName.Length);
        BinaryPrimitives.WriteUInt32BigEndian(b[20..], (uint)ClusterBits);
        BinaryPrimitives.WriteUInt64BigEndian(b[24..], (ulong)Size);
        BinaryPrimitives.WriteUInt32BigEndian(b[32..], CryptMethod);
        BinaryPrimitives.WriteUInt32BigEndian(b[36..], (uint)L1Size);
        BinaryPrimitives.WriteUInt64BigEndian(b[40..], (ulong)L1TableOffset);
        BinaryPrimitives.WriteUInt64BigEndian(b[48..], (ulong)RefcountTableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(b[56..], (uint)RefcountTableClusters);
        BinaryPrimitives.WriteUInt32BigEndian(b[60..], (uint)SnapshotCount);
        BinaryPrimitives.WriteUInt64BigEndian(b[64..], (ulong)SnapshotsOffset);
        if (Version == 3)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b[72..], IncompatibleFeatures);
            BinaryPrimitives.WriteUInt64BigEndian(b[80..], CompatibleFeatures);
            BinaryPrimitives.WriteUInt64BigEndian(b[88..], AutoclearFeatures);
            BinaryPrimitives.WriteUInt32BigEndian(b[96..], (uint)RefcountOrder);
            BinaryPrimitives.WriteUInt32BigEndian(b[100..], (uint)HeaderLength);
            b[104] = CompressionType;
            UnknownHeaderFields.CopyTo(b[V3WrittenLength..]);
        }

        return buffer;
    }

    private static int PutExtension(Span<byte> b, int at, uint type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt32BigEndian(b[at..], type);
        BinaryPrimitives.WriteUInt32BigEndian(b[(at + 4)..], (uint)data.Length);
        data.CopyTo(b[(at + 8)..]);
        return at + 8 + ((data.Length + 7) & ~7);
    }

    private static int Padded(int length) => 8 + ((length + 7) & ~7);

    private int ExtensionsLength(bool includeFeatureTable)
    {
        int n = 0;
        if (BackingFormat is not null)
        {
            n += Padded(Encoding.UTF8.GetByteCount(BackingFormat));
        }

        if (includeFeatureTable)
        {
            n += Padded(DefaultFeatureNames.Length * 48);
        }

        if (BitmapsExtension is not null)
        {
            n += Padded(BitmapsExtension.Length);
        }

        foreach (Qcow2Extension e in UnknownExtensions)
        {
            n += Padded(e.Data.Length);
        }

        return n;
    }

    /// <summary>QEMU's <c>qcow2_read_extensions</c>; returns the error text instead of throwing so the caller can keep QEMU's check order.</summary>
    private string? ParseExtensions(byte[] cluster0, int end, List<(byte Type, byte Bit, string Name)> featureNames)
    {
        int offset = HeaderLength;
        while (offset < end)
        {
            if (offset > end - 8)
            {
                return "Header extension too large";
            }

            uint type = BinaryPrimitives.ReadUInt32BigEndian(cluster0.AsSpan(offset));
            uint length = BinaryPrimitives.ReadUInt32BigEndian(cluster0.AsSpan(offset + 4));
            offset += 8;
            if (length > (uint)(end - offset))
            {
                return "Header extension too large";
            }

            ReadOnlySpan<byte> data = cluster0.AsSpan(offset, (int)length);
            switch (type)
            {
                case ExtEnd:
                    return null;
                case ExtBackingFormat:
                    if (length >= 16)
                    {
                        return $"ERROR: ext_backing_format: len={length} too large (>=16)";
                    }

                    BackingFormat = Encoding.UTF8.GetString(data);
                    break;
                case ExtFeatureTable:
                    for (int i = 0; i + 48 <= data.Length; i += 48)
                    {
                        ReadOnlySpan<byte> name = data.Slice(i + 2, 46);
                        int nul = name.IndexOf((byte)0);
                        featureNames.Add((data[i], data[i + 1], Encoding.UTF8.GetString(nul < 0 ? name : name[..nul])));
                    }

                    break;
                case ExtBitmaps:
                    if (length != 24)
                    {
                        return "bitmaps_ext: Invalid extension length";
                    }

                    BitmapsExtension = data.ToArray();
                    break;
                case ExtCrypto:
                case ExtDataFile:
                    // Only meaningful with encryption / an external data file, both refused.
                    break;
                default:
                    UnknownExtensions.Add(new Qcow2Extension(type, data.ToArray()));
                    break;
            }

            offset += (int)((length + 7) & ~7u);
        }

        return null;
    }

    /// <summary>QEMU's <c>report_unsupported_feature</c>: names from the image's table, then the unnamed rest in hex.</summary>
    private static string DescribeFeatures(ulong mask, List<(byte Type, byte Bit, string Name)> table)
    {
        List<(byte Type, byte Bit, string Name)> names = table.Count > 0 ? table : [.. DefaultFeatureNames];
        List<string> parts = [];
        foreach ((byte type, byte bit, string name) in names)
        {
            if (type == 0 && bit < 64 && (mask & (1UL << bit)) != 0)
            {
                parts.Add(name);
                mask &= ~(1UL << bit);
            }
        }

        if (mask != 0)
        {
            parts.Add($"Unknown incompatible feature: {mask:x}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>QEMU's <c>qcow2_validate_table</c>.</summary>
    private static void ValidateTable(ulong offset, ulong entries, int entrySize, long maxBytes, int clusterSize, string name)
    {
        if (entries > (ulong)(maxBytes / entrySize))
        {
            throw Invalid($"{name} too large");
        }

        ulong bytes = entries * (ulong)entrySize;
        if (offset > long.MaxValue || (ulong)long.MaxValue - bytes < offset || (offset & (ulong)(clusterSize - 1)) != 0)
        {
            throw Invalid($"{name} offset invalid");
        }
    }

    private static BlockException Invalid(string reason) => new(BlockError.Io, reason) { Reason = reason };
}
