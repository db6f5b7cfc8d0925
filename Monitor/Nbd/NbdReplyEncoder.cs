using System.Buffers.Binary;
using System.Text;

namespace Emu.Monitor.Nbd;

/// <summary>Lays out reply headers (proto.md "Simple reply message", "Structured reply chunk message").</summary>
internal static class NbdReplyEncoder
{
    /// <summary>Bytes an ERROR chunk needs beyond its message: chunk header, errno, message length.</summary>
    public const int ErrorChunkOverhead = NbdProtocol.ChunkHeaderSize + 6;

    public static void WriteSimple(Span<byte> destination, uint errno, ulong cookie)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NbdProtocol.SimpleReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], errno);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], cookie);
    }

    public static void WriteChunkHeader(Span<byte> destination, ushort flags, ushort type, ulong cookie, uint length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NbdProtocol.StructuredReplyMagic);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], type);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], cookie);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], length);
    }

    /// <summary>An error reply in the negotiated form; returns its length. The message is cut to fit.</summary>
    public static int WriteError(Span<byte> destination, bool structured, ulong cookie, uint errno, string message)
    {
        if (!structured)
        {
            WriteSimple(destination, errno, cookie);
            return NbdProtocol.SimpleReplySize;
        }

        Span<byte> text = destination[ErrorChunkOverhead..];
        int length = Encoding.UTF8.GetByteCount(message) <= text.Length
            ? Encoding.UTF8.GetBytes(message, text)
            : Encoding.UTF8.GetBytes(message.AsSpan(0, text.Length / 4), text);
        WriteChunkHeader(destination, NbdProtocol.ChunkFlagDone, NbdProtocol.ChunkError, cookie, (uint)(6 + length));
        BinaryPrimitives.WriteUInt32BigEndian(destination[NbdProtocol.ChunkHeaderSize..], errno);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(NbdProtocol.ChunkHeaderSize + 4)..], (ushort)length);
        return ErrorChunkOverhead + length;
    }
}
