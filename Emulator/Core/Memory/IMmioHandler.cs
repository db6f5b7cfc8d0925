namespace Emu.Core.Memory;

/// <summary>A device window in the physical address space (page-granular). Offsets are from the window's base.</summary>
public interface IMmioHandler
{
    byte Read8(uint offset);

    void Write8(uint offset, byte value);

    ushort Read16(uint offset) => (ushort)(Read8(offset) | (Read8(offset + 1) << 8));

    void Write16(uint offset, ushort value)
    {
        Write8(offset, (byte)value);
        Write8(offset + 1, (byte)(value >> 8));
    }

    uint Read32(uint offset) => Read16(offset) | ((uint)Read16(offset + 2) << 16);

    void Write32(uint offset, uint value)
    {
        Write16(offset, (ushort)value);
        Write16(offset + 2, (ushort)(value >> 16));
    }
}
