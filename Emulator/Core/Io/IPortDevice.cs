namespace Emu.Core.Io;

/// <summary>
/// A device that answers guest IN/OUT on the ports it claimed on the <see cref="IoBus"/>.
/// Byte access is mandatory; a device that also claims word or dword width gets those
/// accesses whole, otherwise the bus splits them into byte accesses on consecutive ports
/// (as ISA does for a 16-bit access to an 8-bit device).
/// </summary>
public interface IPortDevice
{
    byte ReadByte(ushort port);

    void WriteByte(ushort port, byte value);

    ushort ReadWord(ushort port) => (ushort)(ReadByte(port) | (ReadByte((ushort)(port + 1)) << 8));

    void WriteWord(ushort port, ushort value)
    {
        WriteByte(port, (byte)value);
        WriteByte((ushort)(port + 1), (byte)(value >> 8));
    }

    uint ReadDword(ushort port) => ReadWord(port) | ((uint)ReadWord((ushort)(port + 2)) << 16);

    void WriteDword(ushort port, uint value)
    {
        WriteWord(port, (ushort)value);
        WriteWord((ushort)(port + 2), (ushort)(value >> 16));
    }
}
