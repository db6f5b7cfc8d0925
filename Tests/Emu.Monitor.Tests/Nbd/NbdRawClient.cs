using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>A byte-level NBD client for the cases real clients never send.</summary>
public sealed class NbdRawClient : IDisposable
{
    private readonly Socket _socket;

    public NbdRawClient(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(System.Net.IPAddress.Loopback, port);
        _socket.ReceiveTimeout = 10000;
    }

    public ushort GreetingFlags { get; private set; }

    /// <summary>Reads the greeting and answers with <paramref name="clientFlags"/>.</summary>
    public void Handshake(uint clientFlags = 3)
    {
        byte[] greeting = Receive(18);
        Assert.Equal(0x4e42444d41474943UL, BinaryPrimitives.ReadUInt64BigEndian(greeting));
        Assert.Equal(0x49484156454f5054UL, BinaryPrimitives.ReadUInt64BigEndian(greeting.AsSpan(8)));
        GreetingFlags = BinaryPrimitives.ReadUInt16BigEndian(greeting.AsSpan(16));
        SendUInt32(clientFlags);
    }

    public void SendOption(uint option, byte[] payload, ulong magic = 0x49484156454f5054UL)
    {
        byte[] header = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(header, magic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), option);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), (uint)payload.Length);
        Send([.. header, .. payload]);
    }

    public (uint Option, uint Type, byte[] Payload) ReadOptionReply()
    {
        byte[] header = Receive(20);
        Assert.Equal(0x0003e889045565a9UL, BinaryPrimitives.ReadUInt64BigEndian(header));
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(16));
        return (BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8)), BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12)), Receive((int)length));
    }

    public static byte[] NamePayload(string name, params ushort[] infoRequests)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] payload = new byte[4 + nameBytes.Length + 2 + (2 * infoRequests.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)nameBytes.Length);
        nameBytes.CopyTo(payload, 4);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(4 + nameBytes.Length), (ushort)infoRequests.Length);
        for (int i = 0; i < infoRequests.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(6 + nameBytes.Length + (2 * i)), infoRequests[i]);
        }

        return payload;
    }

    public static byte[] MetaPayload(string name, params string[] queries)
    {
        List<byte> payload = new();
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        payload.AddRange(U32(nameBytes.Length));
        payload.AddRange(nameBytes);
        payload.AddRange(U32(queries.Length));
        foreach (string query in queries)
        {
            payload.AddRange(U32(query.Length));
            payload.AddRange(Encoding.UTF8.GetBytes(query));
        }

        return payload.ToArray();
    }

    /// <summary>Handshake, optional structured replies and base:allocation, then NBD_OPT_GO; returns the transmission flags.</summary>
    public ushort Open(string name, bool structured = true, bool blockStatus = false)
    {
        Handshake();
        if (structured)
        {
            SendOption(8, Array.Empty<byte>());
            Assert.Equal(1u, ReadOptionReply().Type);
        }

        if (blockStatus)
        {
            SendOption(10, MetaPayload(name, "base:allocation"));
            Assert.Equal(4u, ReadOptionReply().Type);
            Assert.Equal(1u, ReadOptionReply().Type);
        }

        SendOption(7, NamePayload(name));
        ushort flags = 0;
        while (true)
        {
            (uint _, uint type, byte[] payload) = ReadOptionReply();
            Assert.True(type < 0x80000000, $"GO refused: {Encoding.UTF8.GetString(payload)}");
            if (type == 3 && BinaryPrimitives.ReadUInt16BigEndian(payload) == 0)
            {
                flags = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(10));
            }

            if (type == 1)
            {
                return flags;
            }
        }
    }

    public void SendRequest(ushort type, ushort flags, ulong cookie, ulong offset, uint length, byte[]? payload = null, uint magic = 0x25609513)
    {
        byte[] header = new byte[28];
        BinaryPrimitives.WriteUInt32BigEndian(header, magic);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), flags);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), type);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), cookie);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(16), offset);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(24), length);
        Send(header);
        if (payload is not null)
        {
            Send(payload);
        }
    }

    /// <summary>Reads a simple reply: (errno, cookie).</summary>
    public (uint Errno, ulong Cookie) ReadSimpleReply()
    {
        byte[] reply = Receive(16);
        Assert.Equal(0x67446698u, BinaryPrimitives.ReadUInt32BigEndian(reply));
        return (BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(4)), BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(8)));
    }

    /// <summary>Reads one reply of either form: magic, then for a chunk (flags, type, cookie, payload), for a simple reply (errno as type, cookie).</summary>
    public NbdRawReply ReadReply()
    {
        byte[] magic = Receive(4);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (value == 0x67446698u)
        {
            byte[] rest = Receive(12);
            return new NbdRawReply(false, 1, 0, BinaryPrimitives.ReadUInt64BigEndian(rest.AsSpan(4)), Array.Empty<byte>(), BinaryPrimitives.ReadUInt32BigEndian(rest));
        }

        Assert.Equal(0x668e33efu, value);
        byte[] header = Receive(16);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
        byte[] payload = Receive((int)length);
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        uint errno = type == 32769 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : 0;
        return new NbdRawReply(true, BinaryPrimitives.ReadUInt16BigEndian(header), type, BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(4)), payload, errno);
    }

    public byte[] Receive(int count)
    {
        byte[] buffer = new byte[count];
        int done = 0;
        while (done < count)
        {
            int n = _socket.Receive(buffer, done, count - done, SocketFlags.None);
            if (n == 0)
            {
                throw new EndOfStreamException($"server closed after {done} of {count} bytes");
            }

            done += n;
        }

        return buffer;
    }

    /// <summary>True when the server has closed the connection (EOF within the timeout).</summary>
    public bool IsClosedByServer()
    {
        byte[] one = new byte[1];
        try
        {
            return _socket.Receive(one) == 0;
        }
        catch (SocketException failure) when (failure.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public void Send(byte[] data) => _socket.Send(data);

    public void SendUInt32(uint value)
    {
        byte[] data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, value);
        Send(data);
    }

    public void Dispose() => _socket.Dispose();

    private static byte[] U32(int value)
    {
        byte[] data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)value);
        return data;
    }
}
