using System.Text;

namespace Emu.Devices.Video;

/// <summary>Code page 437 as the VGA ROM font draws it: 00h-1Fh and 7Fh are glyphs (smileys, arrows), not controls.</summary>
public static class Cp437
{
    private static readonly char[] Table = Build();

    public static char ToChar(byte code) => Table[code];

    private static char[] Build()
    {
        char[] table = new char[256];
        const string low = " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼";
        for (int i = 0; i < 32; i++)
        {
            table[i] = low[i];
        }

        for (int i = 32; i < 127; i++)
        {
            table[i] = (char)i;
        }

        table[127] = '⌂';
        Encoding cp437 = CodePagesEncodingProvider.Instance.GetEncoding(437) ?? Encoding.Latin1;
        byte[] high = new byte[128];
        for (int i = 0; i < 128; i++)
        {
            high[i] = (byte)(128 + i);
        }

        string decoded = cp437.GetString(high);
        for (int i = 0; i < 128 && i < decoded.Length; i++)
        {
            table[128 + i] = decoded[i];
        }

        return table;
    }
}
