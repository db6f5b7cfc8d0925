using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Emu.Devices.Video;

/// <summary>
/// A captured screen as 24-bit RGB pixels, written as PPM (P6, what QEMU's screendump writes by
/// default) or PNG (8-bit truecolour, one IDAT, filter 0: PNG spec 11.2.2, 11.2.4, 9.2).
/// </summary>
public sealed class ScreenImage
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public ScreenImage(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Rows top to bottom, each pixel R, G, B.</summary>
    public byte[] Pixels { get; }

    public void WritePpm(Stream output)
    {
        output.Write(Encoding.ASCII.GetBytes($"P6\n{Width} {Height}\n255\n"));
        output.Write(Pixels);
    }

    public void WritePng(Stream output)
    {
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        WriteChunk(output, "IHDR", header);

        using MemoryStream compressed = new();
        using (ZLibStream zlib = new(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = Width * 3;
            for (int y = 0; y < Height; y++)
            {
                zlib.WriteByte(0); // filter type None
                zlib.Write(Pixels, y * stride, stride);
            }
        }

        WriteChunk(output, "IDAT", compressed.ToArray());
        WriteChunk(output, "IEND", []);
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFF, typeBytes), data) ^ 0xFFFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    /// <summary>The CRC-32 of PNG spec Annex D (polynomial EDB88320), continued from <paramref name="crc"/>.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        uint[] table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
