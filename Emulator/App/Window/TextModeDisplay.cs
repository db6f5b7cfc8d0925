using Emu.Devices.Video;

namespace Emu.App.Window;

/// <summary>
/// The picture of today's text-only VGA as an <see cref="IDisplaySource"/>: the same pixels as
/// <c>screendump</c> (<see cref="TextModeCapture"/> with the PSF console font). It redraws only when
/// the text page, its dimensions or the cursor registers changed since the frame was drawn, found
/// by comparing a copy of the cells (4 KB for 80x25) rather than drawing every frame. The cursor
/// and blinking are not drawn, as in screendump. Machine thread only.
/// </summary>
internal sealed class TextModeDisplay : IDisplaySource
{
    private readonly VgaText _vga;
    private readonly PsfFont _font;
    private byte[] _cells = [];
    private byte[] _seen = [];
    private ulong _generation;

    public TextModeDisplay(VgaText vga, PsfFont font)
    {
        _vga = vga;
        _font = font;
    }

    public bool Update(DisplayFrame frame)
    {
        if (Snapshot() || _generation == 0)
        {
            _generation++;
        }

        if (frame.SourceGeneration == _generation)
        {
            return false;
        }

        ScreenImage image = TextModeCapture.Render(_vga, _font);
        frame.Resize(image.Width, image.Height);
        uint[] pixels = frame.Pixels;
        byte[] rgb = image.Pixels;
        for (int i = 0, o = 0; i < pixels.Length; i++, o += 3)
        {
            pixels[i] = ((uint)rgb[o] << 16) | ((uint)rgb[o + 1] << 8) | rgb[o + 2];
        }

        frame.SourceGeneration = _generation;
        return true;
    }

    /// <summary>Copies what the picture depends on; true when it differs from the last copy.</summary>
    private bool Snapshot()
    {
        int rows = _vga.Rows;
        int columns = _vga.Columns;
        int length = 4 + (rows * columns * 2);
        if (_cells.Length != length)
        {
            _cells = new byte[length];
            _seen = new byte[length];
        }

        _cells[0] = (byte)rows;
        _cells[1] = (byte)columns;
        _cells[2] = (byte)_vga.StartAddress;
        _cells[3] = (byte)(_vga.StartAddress >> 8);
        int at = 4;
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                (byte character, byte attribute) = _vga.GetCell(row, column);
                _cells[at++] = character;
                _cells[at++] = attribute;
            }
        }

        if (_cells.AsSpan().SequenceEqual(_seen))
        {
            return false;
        }

        (_cells, _seen) = (_seen, _cells);
        return true;
    }
}
