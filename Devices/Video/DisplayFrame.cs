namespace Emu.Devices.Video;

/// <summary>
/// One consumer's copy of the guest's picture: 32-bit pixels 0x00RRGGBB, rows top to bottom, at the
/// dimensions QEMU's display would have (80x25 text is 720x400 with 9-pixel cells, mode 13h is
/// 640x400). <see cref="IDisplaySource.Update"/> fills it; <see cref="ToImage"/> gives the 24-bit
/// image that <c>screendump</c> writes.
/// </summary>
public sealed class DisplayFrame
{
    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Width * Height pixels, 0x00RRGGBB.</summary>
    public uint[] Pixels { get; private set; } = [];

    /// <summary>
    /// What the source last drew into this frame (a mode or memory generation of the source's own
    /// choosing); 0 for a frame never drawn, so its first update redraws everything.
    /// </summary>
    public ulong SourceGeneration { get; set; }

    /// <summary>Resizes the frame, clearing it and forgetting what was drawn, when the size changes.</summary>
    public bool Resize(int width, int height)
    {
        if (width == Width && height == Height)
        {
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        Width = width;
        Height = height;
        Pixels = new uint[width * height];
        SourceGeneration = 0;
        return true;
    }

    public ScreenImage ToImage()
    {
        ScreenImage image = new(Width, Height);
        byte[] rgb = image.Pixels;
        for (int i = 0, o = 0; i < Pixels.Length; i++, o += 3)
        {
            uint pixel = Pixels[i];
            rgb[o] = (byte)(pixel >> 16);
            rgb[o + 1] = (byte)(pixel >> 8);
            rgb[o + 2] = (byte)pixel;
        }

        return image;
    }
}
