using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>One entry of the qcow2 snapshot table (qcow2.md §7.1), including extra data beyond the 24 bytes QEMU knows, kept verbatim.</summary>
public sealed class Qcow2SnapshotEntry
{
    public const int FixedLength = 40;
    public const int KnownExtraLength = 24;

    public long L1TableOffset { get; set; }

    public int L1Size { get; set; }

    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public uint DateSeconds { get; set; }

    public uint DateNanoseconds { get; set; }

    public ulong VmClockNanoseconds { get; set; }

    public uint VmStateSize32 { get; set; }

    /// <summary>The extra data exactly as stored (QEMU writes 24 bytes: vm_state_size_large, disk_size, icount).</summary>
    public byte[] ExtraData { get; set; } = [];

    public ulong VmStateSize => ExtraData.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(ExtraData) : VmStateSize32;

    /// <summary>Disk size at snapshot time, or null when the entry predates the field.</summary>
    public long? DiskSize => ExtraData.Length >= 16 ? (long)BinaryPrimitives.ReadUInt64BigEndian(ExtraData.AsSpan(8)) : null;

    public ulong Icount => ExtraData.Length >= 24 ? BinaryPrimitives.ReadUInt64BigEndian(ExtraData.AsSpan(16)) : ulong.MaxValue;

    public int Length => FixedLength + ExtraData.Length + System.Text.Encoding.UTF8.GetByteCount(Id) + System.Text.Encoding.UTF8.GetByteCount(Name);

    public static byte[] MakeExtra(ulong vmStateSize, long diskSize, ulong icount)
    {
        byte[] extra = new byte[KnownExtraLength];
        BinaryPrimitives.WriteUInt64BigEndian(extra, vmStateSize);
        BinaryPrimitives.WriteUInt64BigEndian(extra.AsSpan(8), (ulong)diskSize);
        BinaryPrimitives.WriteUInt64BigEndian(extra.AsSpan(16), icount);
        return extra;
    }

    public SnapshotInfo ToInfo() => new(
        Id,
        Name,
        (long)VmStateSize,
        DateSeconds,
        (int)DateNanoseconds,
        (long)VmClockNanoseconds,
        Icount == ulong.MaxValue ? null : Icount);

    /// <summary>Writes the entry at <paramref name="b"/> and returns its unpadded length.</summary>
    public int WriteTo(Span<byte> b)
    {
        byte[] id = System.Text.Encoding.UTF8.GetBytes(Id);
        byte[] name = System.Text.Encoding.UTF8.GetBytes(Name);
        BinaryPrimitives.WriteUInt64BigEndian(b, (ulong)L1TableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(b[8..], (uint)L1Size);
        BinaryPrimitives.WriteUInt16BigEndian(b[12..], (ushort)id.Length);
        BinaryPrimitives.WriteUInt16BigEndian(b[14..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt32BigEndian(b[16..], DateSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(b[20..], DateNanoseconds);
        BinaryPrimitives.WriteUInt64BigEndian(b[24..], VmClockNanoseconds);
        BinaryPrimitives.WriteUInt32BigEndian(b[32..], VmStateSize32);
        BinaryPrimitives.WriteUInt32BigEndian(b[36..], (uint)ExtraData.Length);
        int at = FixedLength;
        ExtraData.CopyTo(b[at..]);
        at += ExtraData.Length;
        id.CopyTo(b[at..]);
        at += id.Length;
        name.CopyTo(b[at..]);
        return at + name.Length;
    }
}
