namespace Emu.Devices.Video;

/// <summary>
/// Draws the VGA text page as pixels: 8-pixel-wide cells of the font's height, the attribute's
/// foreground (bits 0-3) and background (bits 4-6; bit 7 is blink in the default mode and is drawn
/// steady) in the 16 default CGA/EGA colours. The display issue grows this into graphics modes.
/// </summary>
public static class TextModeCapture
{
    // The default palette of the VGA attribute controller in mode 3 (IBM VGA Technical Reference, "Attribute Controller").
    private static readonly byte[] Palette =
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0xAA, 0x00, 0xAA, 0x00, 0x00, 0xAA, 0xAA,
        0xAA, 0x00, 0x00, 0xAA, 0x00, 0xAA, 0xAA, 0x55, 0x00, 0xAA, 0xAA, 0xAA,
        0x55, 0x55, 0x55, 0x55, 0x55, 0xFF, 0x55, 0xFF, 0x55, 0x55, 0xFF, 0xFF,
        0xFF, 0x55, 0x55, 0xFF, 0x55, 0xFF, 0xFF, 0xFF, 0x55, 0xFF, 0xFF, 0xFF,
    ];

    public static ScreenImage Render(VgaText vga, PsfFont font)
    {
        int rows = vga.Rows;
        int columns = vga.Columns;
        ScreenImage image = new(columns * font.Width, rows * font.Height);
        int stride = image.Width * 3;
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                (byte character, byte attribute) = vga.GetCell(row, column);
                ReadOnlySpan<byte> glyph = font.Glyph(Cp437.ToChar(character));
                int foreground = (attribute & 0x0F) * 3;
                int background = ((attribute >> 4) & 0x07) * 3;
                for (int y = 0; y < font.Height; y++)
                {
                    int offset = (((row * font.Height) + y) * stride) + (column * font.Width * 3);
                    for (int x = 0; x < font.Width; x++)
                    {
                        int colour = (glyph[y] & (0x80 >> x)) != 0 ? foreground : background;
                        image.Pixels[offset++] = Palette[colour];
                        image.Pixels[offset++] = Palette[colour + 1];
                        image.Pixels[offset++] = Palette[colour + 2];
                    }
                }
            }
        }

        return image;
    }
}
