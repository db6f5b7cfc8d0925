using System.Buffers.Binary;
using System.Text;

namespace Emu.Monitor.Nbd;

/// <summary>
/// A cursor over one option's payload. Reading past its end is QEMU's "Inconsistent lengths in
/// option X" (<c>nbd_opt_read</c>), reported through <see cref="NbdOptionException"/>.
/// </summary>
internal sealed class NbdOptionPayload
{
    private readonly byte[] _data;
    private readonly uint _option;
    private int _position;

    public NbdOptionPayload(byte[] data, uint option)
    {
        _data = data;
        _option = option;
    }

    public int Remaining => _data.Length - _position;

    public uint ReadUInt32()
    {
        Need(4);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(_position));
        _position += 4;
        return value;
    }

    public ushort ReadUInt16()
    {
        Need(2);
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(_position));
        _position += 2;
        return value;
    }

    /// <summary>QEMU <c>nbd_opt_read_name</c>: a u32 length (at most 4096) then the name, no NUL inside.</summary>
    public string ReadName()
    {
        uint length = ReadUInt32();
        if (length > NbdServerLimits.MaxString)
        {
            throw new NbdOptionException(NbdProtocol.RepErrInvalid, $"Invalid name length: {length}");
        }

        return ReadString((int)length);
    }

    public string ReadString(int length)
    {
        Need(length);
        ReadOnlySpan<byte> bytes = _data.AsSpan(_position, length);
        _position += length;
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw new NbdOptionException(
                NbdProtocol.RepErrInvalid,
                $"Unexpected embedded NUL in option {NbdProtocol.OptionName(_option)}");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    public void Skip(int length)
    {
        Need(length);
        _position += length;
    }

    private void Need(int count)
    {
        if (count > Remaining)
        {
            throw new NbdOptionException(
                NbdProtocol.RepErrInvalid,
                $"Inconsistent lengths in option {NbdProtocol.OptionName(_option)}");
        }
    }
}
