using System.Buffers.Binary;
using System.IO.Compression;
using Emu.Devices.Video;

namespace Emu.Devices.Tests.Video;

public sealed class ScreenImageTests
{
    [Fact]
    public void PngHasTheSignatureATruecolourHeaderTheFilteredRowsAndTheStandardIendCrc()
    {
        ScreenImage image = new(2, 1);
        byte[] pixels = [0x10, 0x20, 0x30, 0xAA, 0xBB, 0xCC];
        pixels.CopyTo(image.Pixels, 0);
        using MemoryStream png = new();

        image.WritePng(png);

        byte[] data = png.ToArray();
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], data[..8]);
        Assert.Equal("IHDR"u8.ToArray(), data[12..16]);
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(20)));
        Assert.Equal([8, 2, 0, 0, 0], data[24..29]);
        int idatLength = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(33));
        Assert.Equal("IDAT"u8.ToArray(), data[37..41]);
        using ZLibStream zlib = new(new MemoryStream(data, 41, idatLength), CompressionMode.Decompress);
        using MemoryStream rows = new();
        zlib.CopyTo(rows);
        Assert.Equal([0, .. pixels], rows.ToArray());
        // IEND with no data always ends in the CRC AE 42 60 82 (PNG spec, 5.6).
        Assert.Equal([0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82], data[^12..]);
    }

    [Fact]
    public void PpmIsP6WithTheSizeAndMaximum()
    {
        ScreenImage image = new(1, 1);
        using MemoryStream ppm = new();

        image.WritePpm(ppm);

        Assert.Equal("P6\n1 1\n255\n\0\0\0"u8.ToArray(), ppm.ToArray());
    }
}
