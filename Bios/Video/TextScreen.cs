using Emu.Bios.Structures;
using Emu.Core.Io;
using Emu.Core.Memory;

namespace Emu.Bios.Video;

/// <summary>
/// The text-mode screen as the BIOS sees it: mode, geometry, pages and cursors live in the BDA
/// (pc-platform-bios.md 1.2, 0449-0489), cells are character/attribute pairs in the video window
/// (B8000 colour, B0000 mono), and the hardware cursor is the CRTC's registers 0A/0B/0E/0F
/// (IBM VGA Technical Reference, CRT controller). All state is in guest memory or the CRTC, so a
/// guest that pokes the BDA directly sees the same screen.
/// </summary>
public sealed class TextScreen
{
    private const byte CrtcCursorStart = 0x0A;
    private const byte CrtcCursorEnd = 0x0B;
    private const byte CrtcCursorHigh = 0x0E;
    private const byte CrtcCursorLow = 0x0F;

    private readonly PhysicalMemory _memory;
    private readonly IoBus _io;
    private readonly BiosDataArea _bda;

    public TextScreen(PhysicalMemory memory, IoBus io, BiosDataArea bda)
    {
        _memory = memory;
        _io = io;
        _bda = bda;
    }

    public byte Mode => _bda.Read8(BiosDataArea.VideoMode);

    public int Columns => Math.Max(1, (int)_bda.Read16(BiosDataArea.VideoColumns));

    public int Rows => _bda.Read8(BiosDataArea.VideoRows) + 1;

    public byte ActivePage => _bda.Read8(BiosDataArea.ActivePage);

    public uint WindowBase => Mode == 7 ? 0xB0000u : 0xB8000u;

    public ushort CrtcPort => _bda.Read16(BiosDataArea.CrtcBase);

    public (int Row, int Column) GetCursor(int page)
    {
        ushort value = _bda.Read16(BiosDataArea.CursorPositions + ((page & 7) * 2));
        return (value >> 8, value & 0xFF);
    }

    public void SetCursor(int page, int row, int column)
    {
        page &= 7;
        _bda.Write16(BiosDataArea.CursorPositions + (page * 2), (ushort)((row << 8) | (column & 0xFF)));
        if (page == ActivePage)
        {
            ProgramHardwareCursor(row, column);
        }
    }

    public void ProgramHardwareCursor(int row, int column)
    {
        int pageStart = _bda.Read16(BiosDataArea.VideoPageStart) / 2;
        int position = pageStart + (row * Columns) + column;
        WriteCrtc(CrtcCursorHigh, (byte)(position >> 8));
        WriteCrtc(CrtcCursorLow, (byte)position);
    }

    public void SetCursorShape(byte start, byte end)
    {
        _bda.Write16(BiosDataArea.CursorShape, (ushort)((start << 8) | end));
        WriteCrtc(CrtcCursorStart, start);
        WriteCrtc(CrtcCursorEnd, end);
    }

    public uint CellAddress(int page, int row, int column)
    {
        uint pageSize = _bda.Read16(BiosDataArea.VideoPageSize);
        return WindowBase + ((uint)(page & 7) * pageSize) + (uint)(((row * Columns) + column) * 2);
    }

    public ushort ReadCell(int page, int row, int column) => _memory.Read16(CellAddress(page, row, column));

    public void WriteCell(int page, int row, int column, byte character, byte attribute)
    {
        uint address = CellAddress(page, row, column);
        _memory.Write8(address, character);
        _memory.Write8(address + 1, attribute);
    }

    public void WriteCharacter(int page, int row, int column, byte character) =>
        _memory.Write8(CellAddress(page, row, column), character);

    /// <summary>
    /// Scrolls the window (top,left)-(bottom,right) of <paramref name="page"/> up (or down) by
    /// <paramref name="lines"/>, filling with blanks of <paramref name="attribute"/>; 0 lines or
    /// more than the window height clears it (INT 10h AH=06h/07h).
    /// </summary>
    public void Scroll(int page, int top, int left, int bottom, int right, int lines, byte attribute, bool up)
    {
        bottom = Math.Min(bottom, Rows - 1);
        right = Math.Min(right, Columns - 1);
        if (top > bottom || left > right)
        {
            return;
        }

        int height = bottom - top + 1;
        if (lines == 0 || lines > height)
        {
            lines = height;
        }

        for (int i = 0; i < height; i++)
        {
            int row = up ? top + i : bottom - i;
            int source = up ? row + lines : row - lines;
            bool fromWindow = up ? source <= bottom : source >= top;
            for (int column = left; column <= right; column++)
            {
                if (fromWindow)
                {
                    ushort cell = ReadCell(page, source, column);
                    WriteCell(page, row, column, (byte)cell, (byte)(cell >> 8));
                }
                else
                {
                    WriteCell(page, row, column, 0x20, attribute);
                }
            }
        }
    }

    private void WriteCrtc(byte index, byte value)
    {
        ushort port = CrtcPort;
        if (port is not (0x3D4 or 0x3B4))
        {
            return;
        }

        _io.WriteByte(port, index);
        _io.WriteByte((ushort)(port + 1), value);
    }
}
