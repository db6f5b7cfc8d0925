namespace Emu.Core.Io;

/// <summary>
/// The 64 KiB x86 I/O port space as one flat table (v86 <c>src/io.js</c>): a port access is
/// one array load and one interface call. Unclaimed ports read all ones and ignore writes,
/// as on an ISA bus with nothing driving the data lines. Overlapping claims fail when the
/// machine is built.
/// </summary>
public sealed class IoBus
{
    private const int PortCount = 0x10000;

    private readonly IPortDevice?[] _devices = new IPortDevice?[PortCount];
    private readonly PortWidths[] _widths = new PortWidths[PortCount];
    private readonly string?[] _owners = new string?[PortCount];

    /// <summary>Claims <paramref name="count"/> ports starting at <paramref name="first"/>.</summary>
    /// <exception cref="InvalidOperationException">A port is already claimed (a machine-build error).</exception>
    public void Claim(ushort first, int count, IPortDevice device, string owner, PortWidths widths = PortWidths.Byte)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (count <= 0 || first + count > PortCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"port range {first:X4}+{count} is outside the port space");
        }

        for (int port = first; port < first + count; port++)
        {
            if (_devices[port] is not null)
            {
                throw new InvalidOperationException($"{owner} claims port {port:X4}, already claimed by {_owners[port]}");
            }
        }

        for (int port = first; port < first + count; port++)
        {
            _devices[port] = device;
            _widths[port] = widths | PortWidths.Byte;
            _owners[port] = owner;
        }
    }

    /// <summary>Releases ports claimed earlier (a PCI BAR moving, for instance).</summary>
    public void Release(ushort first, int count)
    {
        for (int port = first; port < first + count && port < PortCount; port++)
        {
            _devices[port] = null;
            _widths[port] = 0;
            _owners[port] = null;
        }
    }

    public bool IsClaimed(ushort port) => _devices[port] is not null;

    /// <summary>True when no port of <paramref name="first"/>+<paramref name="count"/> is claimed and the range fits in the port space.</summary>
    public bool IsRangeFree(int first, int count)
    {
        if (first < 0 || count <= 0 || first + count > PortCount)
        {
            return false;
        }

        for (int port = first; port < first + count; port++)
        {
            if (_devices[port] is not null)
            {
                return false;
            }
        }

        return true;
    }

    public byte ReadByte(ushort port)
    {
        IPortDevice? device = _devices[port];
        if (device is null)
        {
            return 0xFF; // an open bus: nothing drives the data lines
        }

        return device.ReadByte(port);
    }

    public void WriteByte(ushort port, byte value)
    {
        IPortDevice? device = _devices[port];
        if (device is null)
        {
            return;
        }

        device.WriteByte(port, value);
    }

    public ushort ReadWord(ushort port)
    {
        IPortDevice? device = _devices[port];
        if (device is not null && (_widths[port] & PortWidths.Word) != 0)
        {
            return device.ReadWord(port);
        }

        return (ushort)(ReadByte(port) | (ReadByte(unchecked((ushort)(port + 1))) << 8));
    }

    public void WriteWord(ushort port, ushort value)
    {
        IPortDevice? device = _devices[port];
        if (device is not null && (_widths[port] & PortWidths.Word) != 0)
        {
            device.WriteWord(port, value);
            return;
        }

        WriteByte(port, (byte)value);
        WriteByte(unchecked((ushort)(port + 1)), (byte)(value >> 8));
    }

    public uint ReadDword(ushort port)
    {
        IPortDevice? device = _devices[port];
        if (device is not null && (_widths[port] & PortWidths.Dword) != 0)
        {
            return device.ReadDword(port);
        }

        return ReadWord(port) | ((uint)ReadWord(unchecked((ushort)(port + 2))) << 16);
    }

    public void WriteDword(ushort port, uint value)
    {
        IPortDevice? device = _devices[port];
        if (device is not null && (_widths[port] & PortWidths.Dword) != 0)
        {
            device.WriteDword(port, value);
            return;
        }

        WriteWord(port, (ushort)value);
        WriteWord(unchecked((ushort)(port + 2)), (ushort)(value >> 16));
    }
}
