using System.Text;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>One reply as a raw client saw it: a simple reply (<see cref="Structured"/> false) or one chunk.</summary>
public sealed record NbdRawReply(bool Structured, ushort Flags, ushort Type, ulong Cookie, byte[] Payload, uint Errno)
{
    /// <summary>The message of an ERROR chunk.</summary>
    public string Message => Type == 32769 ? Encoding.UTF8.GetString(Payload, 6, Payload.Length - 6) : string.Empty;

    public bool Done => !Structured || (Flags & 1) != 0;
}
