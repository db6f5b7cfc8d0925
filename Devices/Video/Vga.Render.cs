using System.Runtime.CompilerServices;

namespace Emu.Devices.Video;

/// <summary>
/// The picture as QEMU's display draws it (QEMU <c>vga_update_display</c>,
/// <c>vga_draw_graphic</c>): a blank screen while the attribute controller's palette address
/// source bit is off, text from the font in plane 2, 16-colour planar pixels through the
/// attribute palette, 256-colour pixels through the DAC (each doubled across in mode 13h), and
/// the VBE framebuffer at 8/15/16/24/32 bpp. 6-bit DAC values widen to 8 bits as QEMU's c6_to_8.
/// Graphics lines are redrawn only when a page they read was written since the frame's last update.
/// </summary>
public sealed partial class Vga
{
    private readonly uint[] _palette = new uint[256];
    private uint _fullRedrawEpoch = 1;

    /// <inheritdoc/>
    public bool Update(DisplayFrame frame)
    {
        uint since = (uint)frame.SourceGeneration;
        bool full = frame.SourceGeneration == 0 || _fullRedrawEpoch >= since;
        bool changed;
        if ((_attributeIndex & 0x20) == 0 && !VbeActive)
        {
            changed = full;
            if (full)
            {
                Array.Clear(frame.Pixels);
            }
        }
        else if ((_graphics[6] & 1) == 0 && !VbeActive)
        {
            changed = DrawText(frame, full || AnyPageSince(0, 0x40000, since));
        }
        else
        {
            changed = DrawGraphics(frame, full, since);
        }

        // Stores from now on carry a newer epoch than this frame remembers.
        frame.SourceGeneration = ++_epoch;
        return changed;
    }

    private bool DrawGraphics(DisplayFrame frame, bool full, uint since)
    {
        int width;
        int height;
        int lineOffset;
        int startAddress;
        int lineCompare;
        if (VbeActive)
        {
            width = _vbe[VbeIndexXres];
            height = _vbe[VbeIndexYres];
            lineOffset = _vbeLineOffset;
            startAddress = _vbeStartAddress;
            lineCompare = 65535;
        }
        else
        {
            width = (_crtc[0x01] + 1) * 8;
            height = VerticalDisplayEnd + 1;
            lineOffset = _crtc[0x13] << 3;
            startAddress = StartAddress;
            lineCompare = _crtc[0x18] | ((_crtc[0x07] & 0x10) << 4) | ((_crtc[0x09] & 0x40) << 3);
        }

        int shiftControl = (_graphics[5] >> 5) & 3;
        bool halfClock = (Sequencer(1) & 8) != 0;
        int displayWidth = shiftControl <= 1 && halfClock ? width * 2 : width;
        LineKind kind;
        int bits;
        if (shiftControl == 0)
        {
            kind = halfClock ? LineKind.Planar4Doubled : LineKind.Planar4;
            bits = 4;
            UpdatePalette16();
        }
        else if (shiftControl == 1)
        {
            kind = LineKind.Unsupported;
            bits = 4;
        }
        else
        {
            int bpp = VbeActive ? _vbe[VbeIndexBpp] : 0;
            (kind, bits) = bpp switch
            {
                8 => (LineKind.Indexed8, 8),
                15 => (LineKind.Rgb15, 16),
                16 => (LineKind.Rgb16, 16),
                24 => (LineKind.Rgb24, 24),
                32 => (LineKind.Rgb32, 32),
                _ => (LineKind.Indexed8Doubled, 4),
            };
            UpdatePalette256();
        }

        if (frame.Resize(displayWidth, height))
        {
            full = true;
        }

        bool doubleScan = (_crtc[0x09] & 0x80) != 0;
        int multiScan = shiftControl != 1 ? (((_crtc[0x09] & 0x1F) + 1) << (doubleScan ? 1 : 0)) - 1 : (doubleScan ? 1 : 0);
        int multiRun = multiScan;
        int byteWidth = ((width * bits) + 7) / 8;
        uint address1 = (uint)startAddress * 4;
        int sourceLine = 0;
        bool changed = false;
        for (int y = 0; y < height; y++)
        {
            uint address = address1;
            if ((_crtc[0x17] & 1) == 0)
            {
                // CGA compatibility: odd scan lines from the second 8 KiB bank.
                int shift = 14 + ((_crtc[0x17] >> 6) & 1);
                address = (address & ~(1u << shift)) | ((uint)(sourceLine & 1) << shift);
            }

            if ((_crtc[0x17] & 2) == 0)
            {
                address = (address & ~0x8000u) | ((uint)(sourceLine & 2) << 14);
            }

            address &= VramMask;
            if (full || AnyPageSince(address, byteWidth, since))
            {
                DrawLine(kind, frame.Pixels.AsSpan(y * displayWidth, displayWidth), address, width);
                changed = true;
            }

            if (multiRun == 0)
            {
                int mask = (_crtc[0x17] & 3) ^ 3;
                if ((sourceLine & mask) == mask)
                {
                    address1 += (uint)lineOffset;
                }

                sourceLine++;
                multiRun = multiScan;
            }
            else
            {
                multiRun--;
            }

            if (y == lineCompare)
            {
                address1 = 0;
            }
        }

        return changed;
    }

    private void DrawLine(LineKind kind, Span<uint> line, uint address, int width)
    {
        switch (kind)
        {
            case LineKind.Planar4:
            case LineKind.Planar4Doubled:
                DrawPlanar(line, address, width, kind == LineKind.Planar4Doubled);
                break;
            case LineKind.Indexed8Doubled:
                for (int x = 0; x < width / 2; x++)
                {
                    uint colour = _palette[VramAt(address + (uint)x)];
                    line[2 * x] = colour;
                    line[(2 * x) + 1] = colour;
                }

                break;
            case LineKind.Indexed8:
                for (int x = 0; x < width; x++)
                {
                    line[x] = _palette[VramAt(address + (uint)x)];
                }

                break;
            case LineKind.Rgb15:
            case LineKind.Rgb16:
                for (int x = 0; x < width; x++)
                {
                    int v = VramAt(address + (uint)(2 * x)) | (VramAt(address + (uint)(2 * x) + 1) << 8);
                    line[x] = kind == LineKind.Rgb15
                        ? Rgb(Widen5((v >> 10) & 0x1F), Widen5((v >> 5) & 0x1F), Widen5(v & 0x1F))
                        : Rgb(Widen5((v >> 11) & 0x1F), (((v >> 5) & 0x3F) << 2) | ((v >> 9) & 0x03), Widen5(v & 0x1F));
                }

                break;
            case LineKind.Rgb24:
            case LineKind.Rgb32:
                int step = kind == LineKind.Rgb24 ? 3 : 4;
                for (int x = 0; x < width; x++)
                {
                    uint at = address + (uint)(x * step);
                    line[x] = Rgb(VramAt(at + 2), VramAt(at + 1), VramAt(at));
                }

                break;
            default:
                line.Clear();
                break;
        }
    }

    /// <summary>Four planes give a 4-bit colour per pixel (plane p is bit p), masked by the colour plane enable register.</summary>
    private void DrawPlanar(Span<uint> line, uint address, int width, bool doubled)
    {
        uint planeMask = Expand[_attribute[0x12] & 0x0F];
        int groups = width / 8;
        int repeat = doubled ? 2 : 1;
        int x = 0;
        for (int group = 0; group < groups && x < line.Length; group++)
        {
            uint data = ReadDword(address + (uint)(group * 4)) & planeMask;
            for (int bit = 7; bit >= 0; bit--)
            {
                int colour = (int)(((data >> bit) & 1) | ((data >> (bit + 7)) & 2) | ((data >> (bit + 14)) & 4) | ((data >> (bit + 21)) & 8));
                for (int r = 0; r < repeat && x < line.Length; r++)
                {
                    line[x++] = _palette[colour];
                }
            }
        }
    }

    /// <summary>The 16 attribute palette entries through the DAC (QEMU update_palette16: AR10 bit 7 and AR14 give the high index bits).</summary>
    private void UpdatePalette16()
    {
        for (int i = 0; i < 16; i++)
        {
            int v = _attribute[i];
            v = (_attribute[0x10] & 0x80) != 0 ? ((_attribute[0x14] & 0x0F) << 4) | (v & 0x0F) : ((_attribute[0x14] & 0x0C) << 4) | (v & 0x3F);
            _palette[i] = DacColour(v);
        }
    }

    private void UpdatePalette256()
    {
        for (int i = 0; i < 256; i++)
        {
            _palette[i] = DacColour(i);
        }
    }

    private uint DacColour(int index)
    {
        int r = _dac[index * 3];
        int g = _dac[(index * 3) + 1];
        int b = _dac[(index * 3) + 2];
        return _dac8Bit ? Rgb(r, g, b) : Rgb(Widen6(r), Widen6(g), Widen6(b));
    }

    /// <summary>A 6-bit DAC value to 8 bits, repeating the low bit (QEMU c6_to_8).</summary>
    private static int Widen6(int v)
    {
        v &= 0x3F;
        int low = v & 1;
        return (v << 2) | (low << 1) | low;
    }

    /// <summary>
    /// A 5-bit channel of a 15/16 bpp framebuffer to 8 bits by repeating its top bits (the 6-bit
    /// green of 16 bpp likewise), as the pixman conversion behind QEMU's shared 16-bit surface does.
    /// </summary>
    private static int Widen5(int v) => (v << 3) | (v >> 2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rgb(int r, int g, int b) => (uint)(((r & 0xFF) << 16) | ((g & 0xFF) << 8) | (b & 0xFF));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte VramAt(uint address) => _vram[address & VramMask];

    private bool AnyPageSince(uint address, int length, uint since)
    {
        uint first = (address & VramMask) >> DirtyPageShift;
        uint last = (uint)Math.Min(((long)address + Math.Max(length, 1) - 1) >> DirtyPageShift, _pageEpoch.Length - 1);
        for (uint page = first; page <= last; page++)
        {
            if (_pageEpoch[page] >= since)
            {
                return true;
            }
        }

        return false;
    }

    private enum LineKind
    {
        Unsupported,
        Planar4,
        Planar4Doubled,
        Indexed8Doubled,
        Indexed8,
        Rgb15,
        Rgb16,
        Rgb24,
        Rgb32,
    }
}
