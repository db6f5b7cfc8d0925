using Emu.Core.Io;

namespace Emu.Bios.Pci;

/// <summary>
/// Configuration reads and writes the way firmware makes them: CONFIG_ADDRESS at CF8h, then
/// CONFIG_DATA at CFCh plus the register's low bits (PCI Local Bus 3.0, 3.2.2.3.2). Bus 0 only.
/// </summary>
public sealed class PciConfigCycles
{
    private readonly IoBus _io;

    public PciConfigCycles(IoBus io)
    {
        _io = io;
    }

    public byte Read8(int devfn, int offset)
    {
        Select(devfn, offset);
        return _io.ReadByte((ushort)(0xCFC + (offset & 3)));
    }

    public ushort Read16(int devfn, int offset)
    {
        Select(devfn, offset);
        return _io.ReadWord((ushort)(0xCFC + (offset & 2)));
    }

    public uint Read32(int devfn, int offset)
    {
        Select(devfn, offset);
        return _io.ReadDword(0xCFC);
    }

    public void Write8(int devfn, int offset, byte value)
    {
        Select(devfn, offset);
        _io.WriteByte((ushort)(0xCFC + (offset & 3)), value);
    }

    public void Write16(int devfn, int offset, ushort value)
    {
        Select(devfn, offset);
        _io.WriteWord((ushort)(0xCFC + (offset & 2)), value);
    }

    public void Write32(int devfn, int offset, uint value)
    {
        Select(devfn, offset);
        _io.WriteDword(0xCFC, value);
    }

    private void Select(int devfn, int offset) => _io.WriteDword(0xCF8, 0x8000_0000u | ((uint)(devfn & 0xFF) << 8) | ((uint)offset & 0xFC));
}
