namespace Emu.Bios.Video;

/// <summary>The Unicode glyph of each code page 437 byte (IBM PC character set), for the serial console mirror.</summary>
public static class Cp437
{
    // 00-1F are the glyphs the PC shows for control codes, 7F the house, 80-FF the upper half.
    private const string Low = "\u0020\u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C"
        + "\u25BA\u25C4\u2195\u203C\u00B6\u00A7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC";

    private const string High = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»"
        + "░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀"
        + "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0";

    public static char ToUnicode(byte value) => value switch
    {
        < 0x20 => Low[value],
        0x7F => '\u2302',
        < 0x80 => (char)value,
        _ => High[value - 0x80],
    };

    /// <summary>Writes the UTF-8 form of <paramref name="value"/>'s glyph to <paramref name="sink"/>.</summary>
    public static void WriteUtf8(byte value, Action<byte> sink)
    {
        char c = ToUnicode(value);
        if (c < 0x80)
        {
            sink((byte)c);
        }
        else if (c < 0x800)
        {
            sink((byte)(0xC0 | (c >> 6)));
            sink((byte)(0x80 | (c & 0x3F)));
        }
        else
        {
            sink((byte)(0xE0 | (c >> 12)));
            sink((byte)(0x80 | ((c >> 6) & 0x3F)));
            sink((byte)(0x80 | (c & 0x3F)));
        }
    }

    /// <summary>Number of glyphs in the upper-half table (for a self-check).</summary>
    public static int HighCount => High.Length;
}
