using System.Globalization;

namespace Emu.Guest.Tests.Ide;

/// <summary>
/// The INT 13h AH=08h and AH=15h lines the geometry probe must print, worked out from the
/// algorithms of spec ide-atapi-bios.md C.2 (QEMU's guess), C.4 (SeaBIOS setup_translation) and
/// C.5/C.6, written down here independently of Emu's code: the reference when qemu-system-i386
/// is not installed. Covers the no-MBR and MBR cases with a policy (no explicit geometry).
/// </summary>
internal static class SpecGeometry
{
    public static string[] Lines(long bytes, (int Heads, int Sectors)? mbr, string policy)
    {
        long n = bytes / 512;
        (int c, int h, int s) size = ((int)Math.Clamp(n / 1008, 2, 16383), 16, 63);
        (int c, int h, int s) physical = size;
        string auto = size.c <= 1024 ? "none" : "lba";
        if (mbr is { } table && n / (table.Heads * table.Sectors) is >= 1 and <= 16383)
        {
            if (table.Heads > 16)
            {
                auto = size.c * 16 <= 131072 ? "large" : "lba";
            }
            else
            {
                physical = ((int)(n / (table.Heads * table.Sectors)), table.Heads, table.Sectors);
                auto = "none";
            }
        }

        string translation = policy == "auto" ? auto : policy;
        (int lc, int lh, int ls) = Translate(physical, n, translation);
        int last = lc - 2;
        int cx = ((last & 0xFF) << 8) | ((last >> 2) & 0xC0) | (ls & 0x3F);
        int dx = ((lh - 1) << 8) | 0x01;
        uint sectors = (uint)((lc - 1) * lh * ls);
        return
        [
            Format($"CF=0 ah08 AX=0000 BX=5555 CX={cx:X4} DX={dx:X4} DI=2222 ES=0000"),
            Format($"CF=0 ah15 AX=0300 BX=5555 CX={sectors >> 16:X4} DX={sectors & 0xFFFF:X4}"),
        ];
    }

    private static (int, int, int) Translate((int c, int h, int s) p, long n, string translation)
    {
        int c = p.c, h = p.h, s = p.s;
        switch (translation)
        {
            case "lba":
                s = 63;
                if (n > 63L * 255 * 1024)
                {
                    (c, h) = (1024, 255);
                }
                else
                {
                    long t = (n & 0xFFFFFFFF) / 63;
                    long h0 = t / 1024;
                    h = h0 > 128 ? 255 : h0 > 64 ? 128 : h0 > 32 ? 64 : h0 > 16 ? 32 : 16;
                    c = (int)(t / h);
                }

                break;
            case "rechs" or "large":
                if (translation == "rechs" && h == 16)
                {
                    c = (ushort)(Math.Min(c, 61439) * 16 / 15);
                    h = 15;
                }

                while (c > 1024)
                {
                    c >>= 1;
                    h <<= 1;
                    if (h > 127)
                    {
                        break;
                    }
                }

                break;
        }

        return (Math.Min(c, 1024), h, s);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
