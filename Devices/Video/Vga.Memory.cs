using Emu.Core.Memory;

namespace Emu.Devices.Video;

/// <summary>
/// Video memory access: the legacy window with the VGA's memory maps, chain-4, odd/even and the
/// planar read modes 0-1 and write modes 0-3 through the four latches (IBM VGA Technical
/// Reference, "Graphics Controller"; QEMU <c>vga_mem_readb</c>/<c>vga_mem_writeb</c>), and the
/// linear framebuffer. Every store marks its 4 KiB page with the current draw epoch, so a
/// display update redraws only the lines whose pages changed.
/// </summary>
public sealed partial class Vga
{
    private const int DirtyPageShift = 12;
    private const uint VramMask = VideoMemorySize - 1;

    // Byte i of Expand[m] is FFh when bit i of m is set: a 4-bit plane mask widened to the four planes.
    private static readonly uint[] Expand = BuildExpand();

    private readonly uint[] _pageEpoch = new uint[VideoMemorySize >> DirtyPageShift];
    private uint _epoch = 1;

    /// <summary>A byte read through the A0000h-BFFFFh window (offset from A0000h).</summary>
    public byte ReadLegacy(uint offset)
    {
        if (!TryMapLegacy(ref offset))
        {
            return 0xFF;
        }

        if ((Sequencer(4) & 0x08) != 0)
        {
            return _vram[offset & VramMask];
        }

        if ((_graphics[5] & 0x10) != 0)
        {
            // Odd/even (text) mapping: the low address bit and GR04 bit 1 pick the plane.
            int plane = (_graphics[4] & 2) | (int)(offset & 1);
            return _vram[(((offset & ~1u) << 1) | (uint)plane) & VramMask];
        }

        uint address = (offset << 2) & VramMask;
        _latch = ReadDword(address);
        if ((_graphics[5] & 0x08) == 0)
        {
            return (byte)(_latch >> ((_graphics[4] & 3) * 8)); // read mode 0: one plane
        }

        // Read mode 1: colour compare; a bit is 1 where every "care" plane matches the compare colour.
        uint differs = (_latch ^ Expand[_graphics[2] & 0x0F]) & Expand[_graphics[7] & 0x0F];
        differs |= differs >> 16;
        differs |= differs >> 8;
        return (byte)~differs;
    }

    /// <summary>A byte written through the A0000h-BFFFFh window (offset from A0000h).</summary>
    public void WriteLegacy(uint offset, byte value)
    {
        if (!TryMapLegacy(ref offset))
        {
            return;
        }

        if ((Sequencer(4) & 0x08) != 0)
        {
            // Chain 4: the low two address bits pick the plane.
            if ((Sequencer(2) & (1 << (int)(offset & 3))) != 0)
            {
                StoreByte(offset & VramMask, value);
            }

            return;
        }

        if ((_sequencer[4] & 0x04) == 0)
        {
            int plane = (_graphics[4] & 2) | (int)(offset & 1);
            if ((Sequencer(2) & (1 << plane)) != 0)
            {
                StoreByte((((offset & ~1u) << 1) | (uint)plane) & VramMask, value);
            }

            return;
        }

        uint address = (offset << 2) & VramMask;
        uint data = PlanarData(value, out uint bitMask, out bool latchOnly);
        if (!latchOnly)
        {
            data = (_graphics[3] >> 3) switch
            {
                1 => data & _latch,
                2 => data | _latch,
                3 => data ^ _latch,
                _ => data,
            };
            bitMask |= bitMask << 8;
            bitMask |= bitMask << 16;
            data = (data & bitMask) | (_latch & ~bitMask);
        }

        uint writeMask = Expand[Sequencer(2) & 0x0F];
        uint old = ReadDword(address);
        WriteDword(address, (old & ~writeMask) | (data & writeMask));
    }

    /// <summary>A byte of the linear framebuffer (a BAR offset); beyond video memory reads all ones.</summary>
    public byte ReadLinear(uint offset) => offset < VideoMemorySize ? _vram[offset] : (byte)0xFF;

    public void WriteLinear(uint offset, byte value)
    {
        if (offset < VideoMemorySize)
        {
            StoreByte(offset, value);
        }
    }

    public uint ReadLinear32(uint offset) =>
        offset <= VideoMemorySize - 4 ? BitConverter.ToUInt32(_vram, (int)offset) : 0xFFFF_FFFF;

    public void WriteLinear32(uint offset, uint value)
    {
        if (offset <= VideoMemorySize - 4)
        {
            BitConverter.TryWriteBytes(_vram.AsSpan((int)offset), value);
            _pageEpoch[offset >> DirtyPageShift] = _epoch;
            _pageEpoch[(offset + 3) >> DirtyPageShift] = _epoch;
        }
    }

    /// <summary>Write modes 0-3: the 32-bit value for the four planes and the bit mask to apply; mode 1 copies the latches.</summary>
    private uint PlanarData(byte value, out uint bitMask, out bool latchOnly)
    {
        latchOnly = false;
        int rotate = _graphics[3] & 7;
        switch (_graphics[5] & 3)
        {
            case 1:
                bitMask = 0;
                latchOnly = true;
                return _latch;
            case 2:
                bitMask = _graphics[8];
                return Expand[value & 0x0F];
            case 3:
                byte rotated3 = (byte)((value >> rotate) | (value << (8 - rotate)));
                bitMask = (uint)(_graphics[8] & rotated3);
                return Expand[_graphics[0] & 0x0F];
            default:
                uint rotated = (byte)((value >> rotate) | (value << (8 - rotate)));
                rotated |= rotated << 8;
                rotated |= rotated << 16;
                uint setReset = Expand[_graphics[1] & 0x0F];
                bitMask = _graphics[8];
                return (rotated & ~setReset) | (Expand[_graphics[0] & 0x0F] & setReset);
        }
    }

    /// <summary>
    /// GR06 bits 2-3: 128 KiB at A0000h, 64 KiB at A0000h (plus the VBE bank), 32 KiB at B0000h
    /// or 32 KiB at B8000h. Turns the window offset into a video memory address, or false outside the map.
    /// </summary>
    private bool TryMapLegacy(ref uint offset)
    {
        offset &= LegacyWindowSize - 1;
        switch ((_graphics[6] >> 2) & 3)
        {
            case 0:
                return true;
            case 1:
                if (offset >= 0x10000)
                {
                    return false;
                }

                offset += _bankOffset;
                return true;
            case 2:
                offset -= 0x10000;
                return offset < 0x8000;
            default:
                offset -= 0x18000;
                return offset < 0x8000;
        }
    }

    private uint ReadDword(uint address) => BitConverter.ToUInt32(_vram, (int)(address & (VramMask & ~3u)));

    private void WriteDword(uint address, uint value)
    {
        address &= VramMask & ~3u;
        BitConverter.TryWriteBytes(_vram.AsSpan((int)address), value);
        _pageEpoch[address >> DirtyPageShift] = _epoch;
    }

    private void StoreByte(uint address, byte value)
    {
        _vram[address] = value;
        _pageEpoch[address >> DirtyPageShift] = _epoch;
    }

    /// <summary>Something besides video memory changed what the screen shows: every consumer redraws all.</summary>
    private void ModeChanged() => _fullRedrawEpoch = _epoch;

    private static uint[] BuildExpand()
    {
        uint[] table = new uint[16];
        for (int mask = 0; mask < 16; mask++)
        {
            for (int plane = 0; plane < 4; plane++)
            {
                if ((mask & (1 << plane)) != 0)
                {
                    table[mask] |= 0xFFu << (plane * 8);
                }
            }
        }

        return table;
    }

    /// <summary>The A0000h-BFFFFh window on the memory bus.</summary>
    private sealed class LegacyWindow(Vga vga) : IMmioHandler
    {
        public byte Read8(uint offset) => vga.ReadLegacy(offset);

        public void Write8(uint offset, byte value) => vga.WriteLegacy(offset, value);
    }
}
