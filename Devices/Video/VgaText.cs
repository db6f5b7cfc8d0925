using System.Text;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;

namespace Emu.Devices.Video;

/// <summary>
/// The register side of an IBM VGA in colour text mode 03h (IBM VGA Technical Reference;
/// QEMU <c>hw/display/vga.c</c>). Ports 3C0h-3CFh (attribute with its index/data flip-flop,
/// misc output 3C2h/3CCh, sequencer 3C4h/3C5h, DAC 3C6h-3C9h, graphics 3CEh/3CFh) and the
/// colour CRTC 3D4h/3D5h plus input status 1 at 3DAh (reading it resets the attribute
/// flip-flop; its retrace bits toggle on each read, as QEMU's default). No IRQ. The text buffer
/// at B8000h is plain RAM that the CPU writes directly; <see cref="RenderLines"/> turns it into
/// text using the CRTC start address and geometry. Leaves out: graphics modes, planar memory,
/// the monochrome 3B4h/3BAh ports, and drawing pixels (a window draws the glyphs itself).
/// </summary>
public sealed class VgaText : IPortDevice, IStatefulDevice
{
    public const uint TextBufferAddress = 0xB8000;
    private const int TextWindowSize = 0x8000;

    // Register indexes (IBM VGA Technical Reference, CRT controller registers).
    private const int CrCursorStart = 0x0A;
    private const int CrCursorEnd = 0x0B;
    private const int CrStartHigh = 0x0C;
    private const int CrStartLow = 0x0D;
    private const int CrCursorHigh = 0x0E;
    private const int CrCursorLow = 0x0F;
    private const int CrVerticalSyncEnd = 0x11;

    private static readonly byte[] Mode3Sequencer = [0x03, 0x00, 0x03, 0x00, 0x02];
    private static readonly byte[] Mode3Crtc =
    [
        0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00,
        0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
    ];

    private static readonly byte[] Mode3Attribute =
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
        0x0C, 0x00, 0x0F, 0x08, 0x00,
    ];

    private static readonly byte[] Mode3Graphics = [0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF];

    private readonly PhysicalMemory _memory;
    private readonly byte[] _crtc = new byte[256];
    private readonly byte[] _sequencer = new byte[8];
    private readonly byte[] _graphics = new byte[16];
    private readonly byte[] _attribute = new byte[32];
    private readonly byte[] _dac = new byte[768];
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
    private bool _dacReading;

    public VgaText(PhysicalMemory memory)
    {
        _memory = memory;
        SetMode3Registers();
    }

    public string StateName => "vga";

    public byte MiscOutput => _miscOutput;

    /// <summary>Columns per row (CRTC 01h + 1), 80 in mode 03h.</summary>
    public int Columns => Math.Clamp(_crtc[0x01] + 1, 1, 132);

    /// <summary>Text rows from the vertical display end and the character height, 25 in mode 03h.</summary>
    public int Rows
    {
        get
        {
            int displayEnd = _crtc[0x12] | ((_crtc[0x07] & 0x02) << 7) | ((_crtc[0x07] & 0x40) << 3);
            int charHeight = (_crtc[0x09] & 0x1F) + 1;
            return Math.Clamp((displayEnd + 1) / charHeight, 1, 60);
        }
    }

    /// <summary>CRTC start address (0Ch/0Dh) in character cells.</summary>
    public int StartAddress => (_crtc[CrStartHigh] << 8) | _crtc[CrStartLow];

    /// <summary>CRTC cursor location (0Eh/0Fh) in character cells from the start of the buffer.</summary>
    public int CursorLocation => (_crtc[CrCursorHigh] << 8) | _crtc[CrCursorLow];

    /// <summary>False when cursor start register bit 5 disables the cursor.</summary>
    public bool CursorVisible => (_crtc[CrCursorStart] & 0x20) == 0;

    public int CursorStartLine => _crtc[CrCursorStart] & 0x1F;

    public int CursorEndLine => _crtc[CrCursorEnd] & 0x1F;

    public void Attach(IoBus bus)
    {
        bus.Claim(0x3C0, 16, this, "vga");
        bus.Claim(0x3D4, 2, this, "vga-crtc");
        bus.Claim(0x3DA, 1, this, "vga-status");
    }

    /// <summary>Loads the standard register values of mode 03h (80x25 colour text), as a VGA BIOS mode set does.</summary>
    public void SetMode3Registers()
    {
        _miscOutput = 0x67;
        Array.Clear(_crtc);
        Mode3Crtc.CopyTo(_crtc, 0);
        Array.Clear(_sequencer);
        Mode3Sequencer.CopyTo(_sequencer, 0);
        Array.Clear(_graphics);
        Mode3Graphics.CopyTo(_graphics, 0);
        Array.Clear(_attribute);
        Mode3Attribute.CopyTo(_attribute, 0);
        _attributeIndex = 0x20; // palette address source on: display enabled
        _attributeFlipFlop = false;
    }

    /// <summary>The character and attribute of one cell of the displayed page.</summary>
    public (byte Character, byte Attribute) GetCell(int row, int column)
    {
        int offset = ((StartAddress + (row * Columns) + column) * 2) & (TextWindowSize - 1);
        ReadOnlySpan<byte> window = _memory.Ram.Slice((int)TextBufferAddress, TextWindowSize);
        return (window[offset], window[(offset + 1) & (TextWindowSize - 1)]);
    }

    /// <summary>The displayed text, one string per row (CP437 glyphs as Unicode), trailing blanks trimmed.</summary>
    public string[] RenderLines()
    {
        int rows = Rows;
        int columns = Columns;
        string[] lines = new string[rows];
        StringBuilder line = new(columns);
        for (int row = 0; row < rows; row++)
        {
            line.Clear();
            for (int column = 0; column < columns; column++)
            {
                line.Append(Cp437.ToChar(GetCell(row, column).Character));
            }

            lines[row] = line.ToString().TrimEnd(' ');
        }

        return lines;
    }

    /// <summary>The displayed text as one string, rows separated by '\n'.</summary>
    public string RenderText() => string.Join('\n', RenderLines());

    public byte ReadByte(ushort port)
    {
        switch (port)
        {
            case 0x3C0:
                return _attributeIndex;
            case 0x3C1:
                return _attribute[_attributeIndex & 0x1F];
            case 0x3C2:
                return 0x00; // input status 0: no switch sense, no vertical interrupt
            case 0x3C4:
                return _sequencerIndex;
            case 0x3C5:
                return _sequencer[_sequencerIndex & 7];
            case 0x3C6:
                return _dacMask;
            case 0x3C7:
                return _dacReading ? (byte)0x03 : (byte)0x00;
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
                return _graphics[_graphicsIndex & 0x0F];
            case 0x3D4:
                return _crtcIndex;
            case 0x3D5:
                return _crtc[_crtcIndex];
            case 0x3DA:
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
        switch (port)
        {
            case 0x3C0:
                if (!_attributeFlipFlop)
                {
                    _attributeIndex = (byte)(value & 0x3F);
                }
                else
                {
                    int index = _attributeIndex & 0x1F;
                    if (index < 0x15)
                    {
                        _attribute[index] = value;
                    }
                }

                _attributeFlipFlop = !_attributeFlipFlop;
                break;
            case 0x3C2:
                _miscOutput = value;
                break;
            case 0x3C4:
                _sequencerIndex = (byte)(value & 7);
                break;
            case 0x3C5:
                _sequencer[_sequencerIndex & 7] = value;
                break;
            case 0x3C6:
                _dacMask = value;
                break;
            case 0x3C7:
                _dacReadIndex = value;
                _dacComponent = 0;
                _dacReading = true;
                break;
            case 0x3C8:
                _dacWriteIndex = value;
                _dacComponent = 0;
                _dacReading = false;
                break;
            case 0x3C9:
                WriteDac(value);
                break;
            case 0x3CE:
                _graphicsIndex = (byte)(value & 0x0F);
                break;
            case 0x3CF:
                _graphics[_graphicsIndex & 0x0F] = value;
                break;
            case 0x3D4:
                _crtcIndex = value;
                break;
            case 0x3D5:
                WriteCrtc(value);
                break;
            case 0x3DA:
                _featureControl = (byte)(value & 0x03);
                break;
            default:
                break;
        }
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("crtc", _crtc);
        writer.Write("sequencer", _sequencer);
        writer.Write("graphics", _graphics);
        writer.Write("attribute", _attribute);
        writer.Write("dac", _dac);
        writer.Write("crtcIndex", _crtcIndex);
        writer.Write("sequencerIndex", _sequencerIndex);
        writer.Write("graphicsIndex", _graphicsIndex);
        writer.Write("attributeIndex", _attributeIndex);
        writer.Write("attributeFlipFlop", _attributeFlipFlop);
        writer.Write("misc", _miscOutput);
        writer.Write("featureControl", _featureControl);
        writer.Write("status1", _inputStatus1);
        writer.Write("dacMask", _dacMask);
        writer.Write("dacReadIndex", _dacReadIndex);
        writer.Write("dacWriteIndex", _dacWriteIndex);
        writer.Write("dacComponent", _dacComponent);
        writer.Write("dacReading", _dacReading);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        section.GetBytes("crtc", _crtc);
        section.GetBytes("sequencer", _sequencer);
        section.GetBytes("graphics", _graphics);
        section.GetBytes("attribute", _attribute);
        section.GetBytes("dac", _dac);
        _crtcIndex = section.GetByte("crtcIndex");
        _sequencerIndex = (byte)section.GetInt32("sequencerIndex", 0, 7);
        _graphicsIndex = (byte)section.GetInt32("graphicsIndex", 0, 15);
        _attributeIndex = (byte)section.GetInt32("attributeIndex", 0, 0x3F);
        _attributeFlipFlop = section.GetBool("attributeFlipFlop");
        _miscOutput = section.GetByte("misc");
        _featureControl = (byte)section.GetInt32("featureControl", 0, 3);
        _inputStatus1 = section.GetByte("status1");
        _dacMask = section.GetByte("dacMask");
        _dacReadIndex = section.GetByte("dacReadIndex");
        _dacWriteIndex = section.GetByte("dacWriteIndex");
        _dacComponent = (byte)section.GetInt32("dacComponent", 0, 2);
        _dacReading = section.GetBool("dacReading");
    }

    private void WriteCrtc(byte value)
    {
        // CR11 bit 7 write-protects CR00-CR07, except the line-compare bit 4 of CR07.
        if (_crtcIndex <= 7 && (_crtc[CrVerticalSyncEnd] & 0x80) != 0)
        {
            if (_crtcIndex == 7)
            {
                _crtc[7] = (byte)((_crtc[7] & ~0x10) | (value & 0x10));
            }

            return;
        }

        _crtc[_crtcIndex] = value;
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

    private void WriteDac(byte value)
    {
        _dac[(_dacWriteIndex * 3) + _dacComponent] = (byte)(value & 0x3F);
        if (++_dacComponent == 3)
        {
            _dacComponent = 0;
            _dacWriteIndex++;
        }
    }
}
