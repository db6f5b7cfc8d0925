using Emu.Core.Io;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// The PIIX3 IDE function's BAR4 registers (16 bytes of I/O; spec ide-atapi-bios.md A.9): the
/// primary channel's bus-master Command, Status and PRD address at +0, +2 and +4, the
/// secondary's at +8, +10 and +12. Command and Status take byte accesses only (QEMU: a word or
/// dword there reads all ones and is dropped); +1 and +3 read FFh; the PRD address takes byte,
/// word and dword accesses.
/// </summary>
public sealed class BusMasterIde : IPortDevice
{
    public const int Size = 16;

    private readonly BusMasterChannel[] _channels;

    public BusMasterIde(BusMasterChannel primary, BusMasterChannel secondary)
    {
        _channels = [primary, secondary];
    }

    public BusMasterChannel Channel(int bus) => _channels[bus & 1];

    public byte ReadByte(ushort port)
    {
        int offset = port & 0xF;
        BusMasterChannel channel = _channels[offset >> 3];
        return (offset & 7) switch
        {
            0 => channel.Command,
            2 => channel.Status,
            >= 4 and int o => (byte)(channel.PrdTable >> (8 * (o - 4))),
            _ => 0xFF,
        };
    }

    public void WriteByte(ushort port, byte value)
    {
        int offset = port & 0xF;
        BusMasterChannel channel = _channels[offset >> 3];
        switch (offset & 7)
        {
            case 0:
                channel.WriteCommand(value);
                break;
            case 2:
                channel.WriteStatus(value);
                break;
            case >= 4:
                int shift = 8 * ((offset & 7) - 4);
                channel.WritePrdTable((channel.PrdTable & ~(0xFFu << shift)) | ((uint)value << shift));
                break;
        }
    }

    public ushort ReadWord(ushort port) =>
        (port & 7) < 4 ? (ushort)0xFFFF : (ushort)(ReadByte(port) | (ReadByte((ushort)(port + 1)) << 8));

    public void WriteWord(ushort port, ushort value)
    {
        if ((port & 7) >= 4)
        {
            WriteByte(port, (byte)value);
            WriteByte((ushort)(port + 1), (byte)(value >> 8));
        }
    }

    public uint ReadDword(ushort port) =>
        (port & 7) < 4 ? 0xFFFF_FFFF : ReadWord(port) | ((uint)ReadWord((ushort)(port + 2)) << 16);

    public void WriteDword(ushort port, uint value)
    {
        if ((port & 7) >= 4)
        {
            WriteWord(port, (ushort)value);
            WriteWord((ushort)(port + 2), (ushort)(value >> 16));
        }
    }
}
