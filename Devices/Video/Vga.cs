using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;

namespace Emu.Devices.Video;

/// <summary>
/// QEMU's standard VGA (<c>-vga std</c>): an IBM VGA (IBM VGA Technical Reference; QEMU
/// <c>hw/display/vga.c</c>) with the Bochs VBE "DISPI" extension. Ports 3C0h-3CFh (attribute
/// controller with its index/data flip-flop, misc output, sequencer, DAC, graphics controller),
/// the CRTC and input status 1 at 3D4h/3D5h/3DAh (colour) or 3B4h/3B5h/3BAh (mono, as misc
/// output bit 0 selects), and VBE at 1CEh/1CFh. 16 MiB of video memory: the first 256 KiB are the
/// four planes (interleaved, plane p of address a at byte 4a+p, as QEMU keeps them), the legacy
/// window A0000h-BFFFFh decodes as graphics register 06h selects, and the whole of it is the
/// linear framebuffer (<see cref="VgaPci"/> maps it at a BAR). No IRQ. Leaves out: the CGA
/// 2-bit graphics modes 04h-06h (drawn black) and the light pen.
/// </summary>
public sealed partial class Vga : IPortDevice, IStatefulDevice, IDisplaySource
{
    /// <summary>QEMU's default <c>vgamem_mb</c>.</summary>
    public const int VideoMemorySize = 16 << 20;
    public const uint LegacyWindowBase = 0xA0000;
    public const uint LegacyWindowSize = 0x20000;

    // Register write masks (QEMU sr_mask/gr_mask: the bits an IBM VGA implements).
    private static readonly byte[] SequencerMask = [0x03, 0x3D, 0x0F, 0x3F, 0x0E, 0x00, 0x00, 0xFF];
    private static readonly byte[] GraphicsMask = [0x0F, 0x0F, 0x0F, 0x1F, 0x03, 0x7B, 0x0F, 0x0F, 0xFF, 0, 0, 0, 0, 0, 0, 0];

    private readonly byte[] _vram = GC.AllocateArray<byte>(VideoMemorySize, pinned: true);
    private readonly byte[] _crtc = new byte[256];
    private readonly byte[] _sequencer = new byte[8];
    private readonly byte[] _graphics = new byte[16];
    private readonly byte[] _attribute = new byte[32];
    private readonly byte[] _dac = new byte[768];
    private readonly byte[] _dacLatch = new byte[3];
    private byte _crtcIndex;
    private byte _sequencerIndex;
    private byte _graphicsIndex;
    private byte _attributeIndex;
    private bool _attributeFlipFlop;
    private byte _miscOutput;
    private byte _featureControl;
    private byte _inputStatus1;
    private byte _dacMask = 0xFF;
    private byte _dacReadIndex;
    private byte _dacWriteIndex;
    private byte _dacComponent;
    private byte _dacState;
    private uint _latch;

    /// <summary>Creates the card and decodes the legacy window A0000h-BFFFFh of <paramref name="memory"/>.</summary>
    public Vga(PhysicalMemory memory)
    {
        memory.MapMmio(LegacyWindowBase, LegacyWindowSize, new LegacyWindow(this));
        SetMode3Registers();
    }

    public string StateName => "vga";

    public byte MiscOutput => _miscOutput;

    /// <summary>The 16 MiB of video memory as the linear framebuffer sees it.</summary>
    public Span<byte> VideoMemory => _vram;

    /// <summary>Columns per row (CRTC 01h + 1), 80 in mode 03h.</summary>
    public int Columns => Math.Clamp(_crtc[0x01] + 1, 1, 132);

    /// <summary>Text rows from the vertical display end and the character height, 25 in mode 03h.</summary>
    public int Rows => Math.Clamp((VerticalDisplayEnd + 1) / CharacterHeight, 1, 60);

    /// <summary>CRTC start address (0Ch/0Dh) in character cells.</summary>
    public int StartAddress => (_crtc[0x0C] << 8) | _crtc[0x0D];

    /// <summary>CRTC cursor location (0Eh/0Fh) in character cells from the start of the buffer.</summary>
    public int CursorLocation => (_crtc[0x0E] << 8) | _crtc[0x0F];

    /// <summary>False when cursor start register bit 5 disables the cursor.</summary>
    public bool CursorVisible => (_crtc[0x0A] & 0x20) == 0;

    public int CursorStartLine => _crtc[0x0A] & 0x1F;

    public int CursorEndLine => _crtc[0x0B] & 0x1F;

    private int CharacterHeight => (_crtc[0x09] & 0x1F) + 1;

    private int VerticalDisplayEnd => _crtc[0x12] | ((_crtc[0x07] & 0x02) << 7) | ((_crtc[0x07] & 0x40) << 3);

    public void Attach(IoBus bus)
    {
        bus.Claim(0x3C0, 16, this, "vga");
        bus.Claim(0x3B4, 2, this, "vga-crtc-mono");
        bus.Claim(0x3BA, 1, this, "vga-status-mono");
        bus.Claim(0x3D4, 2, this, "vga-crtc");
        bus.Claim(0x3DA, 1, this, "vga-status");
        bus.Claim(VbeIndexPort, 2, this, "vbe", PortWidths.Word);
    }

    /// <summary>
    /// Loads the register values of mode 03h (80x25 colour text, IBM VGA Technical Reference
    /// mode table) with the standard 16-colour DAC, as a VGA BIOS mode set leaves them.
    /// VBE is switched off; video memory is kept.
    /// </summary>
    public void SetMode3Registers()
    {
        _vbe.AsSpan().Clear();
        _vbe[VbeIndexId] = VbeId5;
        _bankOffset = 0;
        _dac8Bit = false;
        _miscOutput = 0x67;
        Array.Clear(_crtc);
        VgaModeTables.Mode3Crtc.CopyTo(_crtc, 0);
        Array.Clear(_sequencer);
        VgaModeTables.Mode3Sequencer.CopyTo(_sequencer, 0);
        Array.Clear(_graphics);
        VgaModeTables.Mode3Graphics.CopyTo(_graphics, 0);
        Array.Clear(_attribute);
        VgaModeTables.Mode3Attribute.CopyTo(_attribute, 0);
        VgaModeTables.WriteEgaPalette(_dac);
        _attributeIndex = 0x20; // palette address source on: display enabled
        _attributeFlipFlop = false;
        _dacMask = 0xFF;
        ModeChanged();
    }

    public byte ReadByte(ushort port)
    {
        if (port is VbeIndexPort or VbeDataPort)
        {
            ushort word = ReadWord((ushort)(port & ~1));
            return (byte)((port & 1) == 0 ? word : word >> 8);
        }

        if (IsInactiveCrtcPort(port))
        {
            return 0xFF;
        }

        switch (port)
        {
            case 0x3C0:
                return _attributeFlipFlop ? (byte)0 : _attributeIndex;
            case 0x3C1:
                int index = _attributeIndex & 0x1F;
                return index < 0x15 ? _attribute[index] : (byte)0;
            case 0x3C2:
                return 0x00; // input status 0: no switch sense, no vertical interrupt
            case 0x3C4:
                return _sequencerIndex;
            case 0x3C5:
                return _sequencer[_sequencerIndex];
            case 0x3C6:
                return _dacMask;
            case 0x3C7:
                return _dacState;
            case 0x3C8:
                return _dacWriteIndex;
            case 0x3C9:
                return ReadDac();
            case 0x3CA:
                return _featureControl;
            case 0x3CC:
                return _miscOutput;
            case 0x3CE:
                return _graphicsIndex;
            case 0x3CF:
                return _graphics[_graphicsIndex];
            case 0x3B4 or 0x3D4:
                return _crtcIndex;
            case 0x3B5 or 0x3D5:
                return _crtc[_crtcIndex];
            case 0x3BA or 0x3DA:
                // Input status 1: reading resets the attribute flip-flop to "index"; bits 0 and 3
                // (display disabled, vertical retrace) toggle on each read as in QEMU's default.
                _attributeFlipFlop = false;
                _inputStatus1 ^= 0x09;
                return _inputStatus1;
            default:
                return 0xFF;
        }
    }

    public void WriteByte(ushort port, byte value)
    {
        if (port is VbeIndexPort or VbeDataPort)
        {
            // A byte write to the 16-bit DISPI ports carries the low byte (QEMU registers them word-sized).
            WriteWord((ushort)(port & ~1), value);
            return;
        }

        if (IsInactiveCrtcPort(port))
        {
            return;
        }

        switch (port)
        {
            case 0x3C0:
                WriteAttribute(value);
                break;
            case 0x3C2:
                _miscOutput = (byte)(value & ~0x10);
                ModeChanged();
                break;
            case 0x3C4:
                _sequencerIndex = (byte)(value & 7);
                break;
            case 0x3C5:
                _sequencer[_sequencerIndex] = (byte)(value & SequencerMask[_sequencerIndex]);
                ModeChanged();
                break;
            case 0x3C6:
                _dacMask = value;
                break;
            case 0x3C7:
                _dacReadIndex = value;
                _dacComponent = 0;
                _dacState = 3;
                break;
            case 0x3C8:
                _dacWriteIndex = value;
                _dacComponent = 0;
                _dacState = 0;
                break;
            case 0x3C9:
                WriteDac(value);
                break;
            case 0x3CE:
                _graphicsIndex = (byte)(value & 0x0F);
                break;
            case 0x3CF:
                _graphics[_graphicsIndex] = (byte)(value & GraphicsMask[_graphicsIndex]);
                ModeChanged();
                break;
            case 0x3B4 or 0x3D4:
                _crtcIndex = value;
                break;
            case 0x3B5 or 0x3D5:
                WriteCrtc(value);
                break;
            case 0x3BA or 0x3DA:
                _featureControl = (byte)(value & 0x03);
                break;
            default:
                break;
        }
    }

    /// <summary>The mono ports answer only with misc output bit 0 clear, the colour ones only with it set.</summary>
    private bool IsInactiveCrtcPort(ushort port) =>
        (_miscOutput & 1) != 0 ? port is 0x3B4 or 0x3B5 or 0x3BA : port is 0x3D4 or 0x3D5 or 0x3DA;

    private void WriteAttribute(byte value)
    {
        if (!_attributeFlipFlop)
        {
            _attributeIndex = (byte)(value & 0x3F);
            ModeChanged();
        }
        else
        {
            int index = _attributeIndex & 0x1F;
            byte masked = index switch
            {
                < 0x10 => (byte)(value & 0x3F),
                0x10 => (byte)(value & ~0x10),
                0x11 => value,
                0x12 => (byte)(value & ~0xC0),
                0x13 or 0x14 => (byte)(value & ~0xF0),
                _ => 0,
            };
            if (index < 0x15)
            {
                _attribute[index] = masked;
                ModeChanged();
            }
        }

        _attributeFlipFlop = !_attributeFlipFlop;
    }

    private void WriteCrtc(byte value)
    {
        // CR11 bit 7 write-protects CR00-CR07, except the line-compare bit 4 of CR07.
        if (_crtcIndex <= 7 && (_crtc[0x11] & 0x80) != 0)
        {
            if (_crtcIndex == 7)
            {
                _crtc[7] = (byte)((_crtc[7] & ~0x10) | (value & 0x10));
            }

            return;
        }

        _crtc[_crtcIndex] = value;
        ModeChanged();
    }

    private byte ReadDac()
    {
        byte value = _dac[(_dacReadIndex * 3) + _dacComponent];
        if (++_dacComponent == 3)
        {
            _dacComponent = 0;
            _dacReadIndex++;
        }

        return value;
    }

    /// <summary>A colour takes effect when its third component arrives (QEMU's dac_cache); all 8 bits are kept for the 8-bit DAC.</summary>
    private void WriteDac(byte value)
    {
        _dacLatch[_dacComponent] = value;
        if (++_dacComponent == 3)
        {
            _dacLatch.CopyTo(_dac, _dacWriteIndex * 3);
            _dacComponent = 0;
            _dacWriteIndex++;
            ModeChanged();
        }
    }
}
