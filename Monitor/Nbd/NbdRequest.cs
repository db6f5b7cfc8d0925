using System.Buffers;
using System.Buffers.Binary;

namespace Emu.Monitor.Nbd;

/// <summary>A transmission-phase request header (proto.md "Request message", 28 bytes).</summary>
internal readonly struct NbdRequest
{
    public NbdRequest(uint magic, ushort flags, ushort type, ulong cookie, ulong offset, uint length)
    {
        Magic = magic;
        Flags = flags;
        Type = type;
        Cookie = cookie;
        Offset = offset;
        Length = length;
    }

    public uint Magic { get; }

    public ushort Flags { get; }

    public ushort Type { get; }

    public ulong Cookie { get; }

    public ulong Offset { get; }

    public uint Length { get; }

    /// <summary>
    /// Takes one header off the front of <paramref name="buffer"/> when all 28 bytes are there;
    /// otherwise leaves it unchanged and returns false (the caller reads more).
    /// </summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out NbdRequest request)
    {
        if (buffer.Length < NbdProtocol.RequestHeaderSize)
        {
            request = default;
            return false;
        }

        Span<byte> header = stackalloc byte[NbdProtocol.RequestHeaderSize];
        buffer.Slice(0, NbdProtocol.RequestHeaderSize).CopyTo(header);
        request = new NbdRequest(
            BinaryPrimitives.ReadUInt32BigEndian(header),
            BinaryPrimitives.ReadUInt16BigEndian(header[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(header[6..]),
            BinaryPrimitives.ReadUInt64BigEndian(header[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(header[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(header[24..]));
        buffer = buffer.Slice(NbdProtocol.RequestHeaderSize);
        return true;
    }
}
