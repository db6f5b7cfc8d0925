using System.Buffers.Binary;

namespace Emu.Guest.Tests.Window;

/// <summary>
/// Reads what <c>xwd</c> writes (X11 XWDFile.h: a big-endian header of 25 CARD32s, the window
/// name, ncolors 12-byte colour entries, then the pixels) for TrueColor images with 8 bits per channel, as
/// 0x00RRGGBB pixels.
/// </summary>
internal static class XwdImage
{
    public static (int Width, int Height, uint[] Pixels) Read(byte[] file)
    {
        uint Field(int index) => BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(index * 4));
        int headerSize = (int)Field(0);
        int width = (int)Field(4);
        int height = (int)Field(5);
        bool msbFirst = Field(7) != 0;
        int bitsPerPixel = (int)Field(11);
        int bytesPerLine = (int)Field(12);
        uint redMask = Field(14);
        uint greenMask = Field(15);
        uint blueMask = Field(16);
        int colours = (int)Field(19);
        Assert.True(redMask == 0xFF0000 && greenMask == 0xFF00 && blueMask == 0xFF, "xwd image is not 8-bit-per-channel RGB");

        // Xvfb at depth 24 reports 24 bits per pixel but stores each pixel in 32 bits.
        int pixelBytes = bytesPerLine >= width * 4 ? 4 : bitsPerPixel / 8;
        Assert.True(pixelBytes is 3 or 4, $"xwd image with {bitsPerPixel} bits per pixel");
        int offset = headerSize + (colours * 12);
        uint[] pixels = new uint[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                ReadOnlySpan<byte> p = file.AsSpan(offset + (y * bytesPerLine) + (x * pixelBytes), pixelBytes);
                uint value = 0;
                for (int i = 0; i < pixelBytes; i++)
                {
                    value |= (uint)p[msbFirst ? pixelBytes - 1 - i : i] << (8 * i);
                }

                pixels[(y * width) + x] = value & 0xFFFFFF;
            }
        }

        return (width, height, pixels);
    }

    /// <summary>A binary PPM (P6) as written by screendump, as 0x00RRGGBB pixels.</summary>
    public static (int Width, int Height, uint[] Pixels) ReadPpm(byte[] file)
    {
        int at = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)file[at]))
            {
                at++;
            }

            int start = at;
            while (!char.IsWhiteSpace((char)file[at]))
            {
                at++;
            }

            return System.Text.Encoding.ASCII.GetString(file, start, at - start);
        }

        Assert.Equal("P6", Token());
        int width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("255", Token());
        at++;
        uint[] pixels = new uint[width * height];
        for (int i = 0; i < pixels.Length; i++, at += 3)
        {
            pixels[i] = ((uint)file[at] << 16) | ((uint)file[at + 1] << 8) | file[at + 2];
        }

        return (width, height, pixels);
    }
}
