using System.Text;

namespace Emu.Devices.Video;

/// <summary>
/// Text modes as QEMU's <c>vga_draw_text</c> draws them: cells of 8 or 9 dots (sequencer 01h
/// bit 0; 16 with the half dot clock of the 40-column modes) by the CRTC's character height,
/// character and attribute in planes 0 and 1, the glyphs in plane 2 (32 bytes per character,
/// the two fonts chosen by sequencer 03h and attribute bit 3), the 9th column repeating column 8
/// for B0h-DFh (QEMU's range; the IBM manual names C0h-DFh) when attribute mode bit 2 says so, colours through
/// the attribute palette (the full 4 bits of the background, as QEMU draws it), and the cursor
/// as foreground-coloured scan lines. QEMU blinks the cursor every 250 ms; Emu draws it steadily.
/// </summary>
public sealed partial class Vga
{
    private const uint TextBufferAddress = 0xB8000;

    /// <summary>The character and attribute of one cell of the displayed page.</summary>
    public (byte Character, byte Attribute) GetCell(int row, int column)
    {
        uint cell = (uint)(StartAddress + (row * (_crtc[0x13] << 1)) + column);
        uint address = (cell * 4) & VramMask;
        return (_vram[address], _vram[address + 1]);
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

    /// <summary>
    /// Writes a font into plane 2 (<paramref name="height"/> bytes per glyph, 256 glyphs, at
    /// 32-byte strides), as a VGA BIOS's font load (INT 10h AX=1104h) does.
    /// </summary>
    public void LoadFont(ReadOnlySpan<byte> glyphs, int height)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 32);
        for (int ch = 0; ch < 256 && (ch + 1) * height <= glyphs.Length; ch++)
        {
            for (int line = 0; line < 32; line++)
            {
                byte bits = line < height ? glyphs[(ch * height) + line] : (byte)0;
                StoreByte((uint)((((ch * 32) + line) * 4) + 2), bits);
            }
        }
    }

    private bool DrawText(DisplayFrame frame, bool redraw)
    {
        int clockMode = _sequencer[1];
        int cellWidth = (clockMode & 0x08) != 0 ? 16 : (clockMode & 0x01) != 0 ? 8 : 9;
        int cellHeight = CharacterHeight;
        int columns = _crtc[0x01] + 1;
        int rows = (VerticalDisplayEnd + 1) / cellHeight;
        if (frame.Resize(columns * cellWidth, rows * cellHeight))
        {
            redraw = true;
        }

        if (!redraw)
        {
            return false;
        }

        UpdatePalette16();
        int map = _sequencer[3];
        uint fontA = (uint)(((((map >> 4) & 1) | ((map << 1) & 6)) * 8192 * 4) + 2);
        uint fontB = (uint)(((((map >> 5) & 1) | ((map >> 1) & 6)) * 8192 * 4) + 2);
        bool lineGraphics = (_attribute[0x10] & 0x04) != 0;
        uint cursorAddress = (uint)(CursorLocation * 4) & VramMask;
        int lineOffset = _crtc[0x13] << 3;
        uint rowAddress = (uint)(StartAddress * 4);
        int width = frame.Width;
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                uint cell = (rowAddress + (uint)(column * 4)) & VramMask;
                byte ch = _vram[cell];
                byte attribute = _vram[cell + 1];
                uint foreground = _palette[attribute & 0x0F];
                uint background = _palette[attribute >> 4];
                uint glyph = ((attribute & 0x08) != 0 ? fontB : fontA) + (uint)(ch * 32 * 4);
                bool repeatNinth = lineGraphics && ch is >= 0xB0 and <= 0xDF;
                int origin = (row * cellHeight * width) + (column * cellWidth);
                for (int y = 0; y < cellHeight; y++)
                {
                    int bits = _vram[(glyph + (uint)(y * 4)) & VramMask];
                    DrawGlyphLine(frame.Pixels.AsSpan(origin + (y * width), cellWidth), bits, foreground, background, repeatNinth);
                }

                if (cell == cursorAddress && CursorVisible)
                {
                    DrawCursor(frame.Pixels, origin, width, cellWidth, cellHeight, foreground, background);
                }
            }

            rowAddress += (uint)lineOffset;
        }

        return true;
    }

    private void DrawCursor(uint[] pixels, int origin, int width, int cellWidth, int cellHeight, uint foreground, uint background)
    {
        int first = CursorStartLine;
        int last = Math.Min(CursorEndLine, cellHeight - 1);
        if (last < first || first >= cellHeight)
        {
            return;
        }

        for (int y = first; y <= last; y++)
        {
            DrawGlyphLine(pixels.AsSpan(origin + (y * width), cellWidth), 0xFF, foreground, background, repeatNinth: true);
        }
    }

    private static void DrawGlyphLine(Span<uint> line, int bits, uint foreground, uint background, bool repeatNinth)
    {
        if (line.Length == 16)
        {
            for (int x = 0; x < 8; x++)
            {
                uint colour = (bits & (0x80 >> x)) != 0 ? foreground : background;
                line[2 * x] = colour;
                line[(2 * x) + 1] = colour;
            }

            return;
        }

        for (int x = 0; x < 8; x++)
        {
            line[x] = (bits & (0x80 >> x)) != 0 ? foreground : background;
        }

        if (line.Length == 9)
        {
            line[8] = repeatNinth && (bits & 1) != 0 ? foreground : background;
        }
    }
}
