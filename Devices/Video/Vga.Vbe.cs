namespace Emu.Devices.Video;

/// <summary>
/// The Bochs VBE "DISPI" interface (Bochs <c>iodev/vga.h</c> VBE_DISPI_*, QEMU
/// <c>vbe_ioport_write_data</c>): index at 1CEh, data at 1CFh (16-bit), registers ID, XRES, YRES,
/// BPP, ENABLE, BANK, VIRT_WIDTH, VIRT_HEIGHT, X_OFFSET, Y_OFFSET and the read-only video memory
/// size in 64 KiB units. Each write is checked against the memory as QEMU's vbe_fixup_regs does,
/// so the guest can never make the display read outside video memory.
/// </summary>
public sealed partial class Vga
{
    public const ushort VbeIndexPort = 0x1CE;
    public const ushort VbeDataPort = 0x1CF;

    public const int VbeIndexId = 0;
    public const int VbeIndexXres = 1;
    public const int VbeIndexYres = 2;
    public const int VbeIndexBpp = 3;
    public const int VbeIndexEnable = 4;
    public const int VbeIndexBank = 5;
    public const int VbeIndexVirtWidth = 6;
    public const int VbeIndexVirtHeight = 7;
    public const int VbeIndexXOffset = 8;
    public const int VbeIndexYOffset = 9;
    public const int VbeRegisterCount = 10;
    public const int VbeIndexVideoMemory64K = 10;

    public const ushort VbeEnabled = 0x01;
    public const ushort VbeGetCaps = 0x02;
    public const ushort Vbe8BitDac = 0x20;
    public const ushort VbeLfbEnabled = 0x40;
    public const ushort VbeNoClearMem = 0x80;

    private const ushort VbeId0 = 0xB0C0;
    private const ushort VbeId5 = 0xB0C5;
    private const int VbeMaxXres = 16000;
    private const int VbeMaxYres = 12000;
    private const int VbeMaxBpp = 32;

    private readonly ushort[] _vbe = new ushort[VbeRegisterCount];
    private readonly byte[] _sequencerVbe = new byte[8];
    private ushort _vbeIndex;
    private uint _bankOffset;
    private bool _dac8Bit;
    private int _vbeLineOffset;
    private int _vbeStartAddress;

    public bool VbeActive => (_vbe[VbeIndexEnable] & VbeEnabled) != 0;

    public ushort ReadWord(ushort port)
    {
        if (port == VbeIndexPort)
        {
            return _vbeIndex;
        }

        if (port != VbeDataPort)
        {
            return (ushort)(ReadByte(port) | (ReadByte((ushort)(port + 1)) << 8));
        }

        if (_vbeIndex < VbeRegisterCount)
        {
            if ((_vbe[VbeIndexEnable] & VbeGetCaps) != 0)
            {
                return _vbeIndex switch
                {
                    VbeIndexXres => VbeMaxXres,
                    VbeIndexYres => VbeMaxYres,
                    VbeIndexBpp => VbeMaxBpp,
                    _ => _vbe[_vbeIndex],
                };
            }

            return _vbe[_vbeIndex];
        }

        return _vbeIndex == VbeIndexVideoMemory64K ? (ushort)(VideoMemorySize >> 16) : (ushort)0;
    }

    public void WriteWord(ushort port, ushort value)
    {
        if (port == VbeIndexPort)
        {
            _vbeIndex = value;
            return;
        }

        if (port != VbeDataPort)
        {
            WriteByte(port, (byte)value);
            WriteByte((ushort)(port + 1), (byte)(value >> 8));
            return;
        }

        switch (_vbeIndex)
        {
            case VbeIndexId:
                if (value is >= VbeId0 and <= VbeId5)
                {
                    _vbe[VbeIndexId] = value;
                }

                break;
            case VbeIndexXres or VbeIndexYres or VbeIndexBpp or VbeIndexVirtWidth or VbeIndexXOffset or VbeIndexYOffset:
                _vbe[_vbeIndex] = value;
                FixupVbe();
                UpdateVgaRegistersForVbe();
                break;
            case VbeIndexBank:
                _vbe[VbeIndexBank] = (ushort)(value & ((VideoMemorySize >> 16) - 1));
                _bankOffset = (uint)_vbe[VbeIndexBank] << 16;
                break;
            case VbeIndexEnable:
                WriteVbeEnable(value);
                break;
            default:
                break;
        }

        ModeChanged();
    }

    private void WriteVbeEnable(ushort value)
    {
        if ((value & VbeEnabled) != 0 && !VbeActive)
        {
            _vbe[VbeIndexVirtWidth] = 0;
            _vbe[VbeIndexXOffset] = 0;
            _vbe[VbeIndexYOffset] = 0;
            _vbe[VbeIndexEnable] |= VbeEnabled;
            FixupVbe();
            UpdateVgaRegistersForVbe();
            if ((value & VbeNoClearMem) == 0)
            {
                int length = Math.Min(VideoMemorySize, _vbe[VbeIndexYres] * _vbeLineOffset);
                _vram.AsSpan(0, length).Clear();
                _pageEpoch.AsSpan().Fill(_epoch);
            }
        }
        else
        {
            _bankOffset = 0;
        }

        _dac8Bit = (value & Vbe8BitDac) != 0;
        _vbe[VbeIndexEnable] = value;
    }

    /// <summary>Bits per pixel as the framebuffer stores them (15 bpp takes 16 bits).</summary>
    private int VbeStorageBits => _vbe[VbeIndexBpp] == 15 ? 16 : _vbe[VbeIndexBpp];

    /// <summary>Clamps the mode to what 16 MiB can show, as QEMU's vbe_fixup_regs.</summary>
    private void FixupVbe()
    {
        if (!VbeActive)
        {
            return;
        }

        if (_vbe[VbeIndexBpp] is not (4 or 8 or 15 or 16 or 24 or 32))
        {
            _vbe[VbeIndexBpp] = 8;
        }

        int bits = VbeStorageBits;
        _vbe[VbeIndexXres] = (ushort)Math.Clamp(_vbe[VbeIndexXres] & ~7, 8, VbeMaxXres);
        _vbe[VbeIndexVirtWidth] = (ushort)Math.Max(Math.Min(_vbe[VbeIndexVirtWidth] & ~7, VbeMaxXres), _vbe[VbeIndexXres]);
        int lineLength = _vbe[VbeIndexVirtWidth] * bits / 8;
        int maxY = VideoMemorySize / lineLength;
        _vbe[VbeIndexYres] = (ushort)Math.Min(Math.Clamp((int)_vbe[VbeIndexYres], 1, VbeMaxYres), maxY);
        _vbe[VbeIndexXOffset] = (ushort)Math.Min((int)_vbe[VbeIndexXOffset], VbeMaxXres);
        _vbe[VbeIndexYOffset] = (ushort)Math.Min((int)_vbe[VbeIndexYOffset], VbeMaxYres);
        long offset = ((long)_vbe[VbeIndexXOffset] * bits / 8) + ((long)_vbe[VbeIndexYOffset] * lineLength);
        long shown = (long)_vbe[VbeIndexYres] * lineLength;
        if (offset + shown > VideoMemorySize)
        {
            _vbe[VbeIndexYOffset] = 0;
            offset = (long)_vbe[VbeIndexXOffset] * bits / 8;
            if (offset + shown > VideoMemorySize)
            {
                _vbe[VbeIndexXOffset] = 0;
                offset = 0;
            }
        }

        _vbe[VbeIndexVirtHeight] = (ushort)Math.Min(maxY, ushort.MaxValue);
        _vbeLineOffset = lineLength;
        _vbeStartAddress = (int)(offset / 4);
    }

    /// <summary>
    /// With VBE on, the VGA registers follow the mode (QEMU vbe_update_vgaregs): graphics, the
    /// 64 KiB window at A0000h, no CGA addressing, and chain 4 with every plane written, kept in
    /// a shadow of the sequencer so the guest still reads back what it wrote.
    /// </summary>
    private void UpdateVgaRegistersForVbe()
    {
        if (!VbeActive)
        {
            return;
        }

        _graphics[6] = (byte)((_graphics[6] & ~0x0C) | 0x05);
        _crtc[0x17] |= 3;
        _crtc[0x13] = (byte)(_vbeLineOffset >> 3);
        _crtc[0x01] = (byte)((_vbe[VbeIndexXres] >> 3) - 1);
        int h = _vbe[VbeIndexYres] - 1;
        _crtc[0x12] = (byte)h;
        _crtc[0x07] = (byte)((_crtc[0x07] & ~0x42) | ((h >> 7) & 0x02) | ((h >> 3) & 0x40));
        _crtc[0x18] = 0xFF;
        _crtc[0x07] |= 0x10;
        _crtc[0x09] |= 0x40;
        _sequencer.CopyTo(_sequencerVbe, 0);
        int shiftControl;
        if (_vbe[VbeIndexBpp] == 4)
        {
            shiftControl = 0;
            _sequencerVbe[1] &= unchecked((byte)~8);
        }
        else
        {
            shiftControl = 2;
            _sequencerVbe[4] |= 0x08;
            _sequencerVbe[2] |= 0x0F;
        }

        _graphics[5] = (byte)((_graphics[5] & ~0x60) | (shiftControl << 5));
        _crtc[0x09] &= unchecked((byte)~0x9F);
    }

    /// <summary>The sequencer register as the hardware uses it (the VBE shadow while VBE is on).</summary>
    private byte Sequencer(int index) => VbeActive ? _sequencerVbe[index] : _sequencer[index];
}
