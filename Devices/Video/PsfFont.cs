using System.Buffers.Binary;
using System.IO.Compression;

namespace Emu.Devices.Video;

/// <summary>
/// A Linux console font (PSF version 1 or 2, optionally gzipped) of 8-pixel-wide glyphs, looked up
/// by Unicode character through the font's own table. The text-mode screen capture draws with it:
/// Emu's BIOS has no VGA font of its own, and Debian's console-setup-linux package ships VGA fonts.
/// Layouts: kbd's psf.h (PSF1: magic 36 04, mode, height; PSF2: magic 72 B5 4A 86, header size,
/// flags, count, glyph size, height, width).
/// </summary>
public sealed class PsfFont
{
    /// <summary>The VGA font of Debian's console-setup-linux package (in tools/setup.sh).</summary>
    public const string DefaultPath = "/usr/share/consolefonts/Uni2-VGA16.psf.gz";

    private const ushort Psf1Separator = 0xFFFF;
    private const ushort Psf1StartSequence = 0xFFFE;

    private readonly byte[] _glyphs;
    private readonly int _glyphBytes;
    // Glyph number + 1 per UTF-16 character, 0 where the font has none. An array rather than a
    // Dictionary<char, int>, whose code over char is JIT-compiled (and its comparer made by reflection) at every start.
    private readonly int[] _index;
    private readonly int _fallback;

    private PsfFont(byte[] glyphs, int glyphBytes, int height, int[] index)
    {
        _glyphs = glyphs;
        _glyphBytes = glyphBytes;
        Height = height;
        _index = index;
        _fallback = Math.Max(index['?'] - 1, 0);
    }

    public int Width => 8;

    public int Height { get; }

    /// <summary>Reads a font file; throws <see cref="InvalidDataException"/> naming what is wrong with it.</summary>
    public static PsfFont Load(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        if (data.Length > 2 && data[0] == 0x1F && data[1] == 0x8B)
        {
            using GZipStream gzip = new(new MemoryStream(data), CompressionMode.Decompress);
            using MemoryStream plain = new();
            gzip.CopyTo(plain);
            data = plain.ToArray();
        }

        if (data.Length >= 4 && data[0] == 0x36 && data[1] == 0x04)
        {
            return LoadPsf1(data, path);
        }

        if (data.Length >= 32 && BinaryPrimitives.ReadUInt32LittleEndian(data) == 0x864AB572)
        {
            return LoadPsf2(data, path);
        }

        throw new InvalidDataException($"{path}: not a PSF console font");
    }

    /// <summary>The glyph's rows, one byte each (bit 7 = leftmost pixel); '?' for a character the font lacks.</summary>
    public ReadOnlySpan<byte> Glyph(char c)
    {
        int glyph = _index[c] != 0 ? _index[c] - 1 : _fallback;
        return _glyphs.AsSpan(glyph * _glyphBytes, _glyphBytes);
    }

    private static PsfFont LoadPsf1(byte[] data, string path)
    {
        int mode = data[2];
        int height = data[3];
        int count = (mode & 0x01) != 0 ? 512 : 256;
        int size = count * height;
        if (height == 0 || data.Length < 4 + size)
        {
            throw new InvalidDataException($"{path}: PSF1 glyphs run past the end of the file");
        }

        int[] index = new int[char.MaxValue + 1];
        if ((mode & 0x02) != 0)
        {
            int pos = 4 + size;
            for (int glyph = 0; glyph < count && pos + 1 < data.Length; glyph++)
            {
                bool inSequence = false;
                for (; pos + 1 < data.Length; pos += 2)
                {
                    ushort value = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(pos));
                    if (value == Psf1Separator)
                    {
                        pos += 2;
                        break;
                    }

                    // Combining sequences describe one glyph by several characters: not a lookup key.
                    inSequence |= value == Psf1StartSequence;
                    if (!inSequence)
                    {
                        AddFirst(index, (char)value, glyph);
                    }
                }
            }
        }
        else
        {
            for (int c = 0; c < 256; c++)
            {
                AddFirst(index, Cp437.ToChar((byte)c), c);
            }
        }

        return new PsfFont(data.AsSpan(4, size).ToArray(), height, height, index);
    }

    private static PsfFont LoadPsf2(byte[] data, string path)
    {
        int headerSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(16));
        int glyphBytes = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20));
        int height = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(24));
        int width = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(28));
        if (width != 8 || height <= 0 || glyphBytes != height || count <= 0 || count > 65536)
        {
            throw new InvalidDataException($"{path}: only 8-pixel-wide PSF2 fonts are supported");
        }

        long size = (long)count * glyphBytes;
        if (headerSize < 32 || headerSize + size > data.Length)
        {
            throw new InvalidDataException($"{path}: PSF2 glyphs run past the end of the file");
        }

        int[] index = new int[char.MaxValue + 1];
        if ((flags & 0x01) != 0)
        {
            // UTF-8 characters per glyph, 0xFE starts a sequence, 0xFF ends the glyph's entry.
            int pos = headerSize + (int)size;
            for (int glyph = 0; glyph < count && pos < data.Length; glyph++)
            {
                int end = Array.IndexOf(data, (byte)0xFF, pos);
                if (end < 0)
                {
                    end = data.Length;
                }

                int sequence = Array.IndexOf(data, (byte)0xFE, pos, end - pos);
                string chars = System.Text.Encoding.UTF8.GetString(data, pos, (sequence < 0 ? end : sequence) - pos);
                foreach (char c in chars)
                {
                    AddFirst(index, c, glyph);
                }

                pos = end + 1;
            }
        }
        else
        {
            for (int c = 0; c < Math.Min(count, 256); c++)
            {
                AddFirst(index, Cp437.ToChar((byte)c), c);
            }
        }

        return new PsfFont(data.AsSpan(headerSize, (int)size).ToArray(), glyphBytes, height, index);
    }

    /// <summary>Maps a character to a glyph unless an earlier glyph already claimed it (the font's first entry wins).</summary>
    private static void AddFirst(int[] index, char c, int glyph)
    {
        if (index[c] == 0)
        {
            index[c] = glyph + 1;
        }
    }
}
