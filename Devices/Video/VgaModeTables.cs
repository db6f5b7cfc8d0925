namespace Emu.Devices.Video;

/// <summary>
/// Register values of VGA mode 03h (IBM VGA Technical Reference, BIOS mode tables; the same
/// values SeaVGABIOS loads) and the 64-colour EGA palette a VGA BIOS puts in DAC entries 0-63
/// for the 16-colour modes.
/// </summary>
internal static class VgaModeTables
{
    public static readonly byte[] Mode3Sequencer = [0x03, 0x00, 0x03, 0x00, 0x02];

    public static readonly byte[] Mode3Crtc =
    [
        0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00,
        0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
    ];

    public static readonly byte[] Mode3Attribute =
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
        0x0C, 0x00, 0x0F, 0x08, 0x00,
    ];

    public static readonly byte[] Mode3Graphics = [0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF];

    /// <summary>
    /// DAC entries 0-63 as the EGA's 6-bit colours (bits 0/3 blue, 1/4 green, 2/5 red: the
    /// primary bit is worth 2Ah, the secondary 15h); entries 64-255 black.
    /// </summary>
    public static void WriteEgaPalette(Span<byte> dac)
    {
        dac.Clear();
        for (int i = 0; i < 64; i++)
        {
            dac[i * 3] = (byte)((((i >> 2) & 1) * 0x2A) + (((i >> 5) & 1) * 0x15));
            dac[(i * 3) + 1] = (byte)((((i >> 1) & 1) * 0x2A) + (((i >> 4) & 1) * 0x15));
            dac[(i * 3) + 2] = (byte)(((i & 1) * 0x2A) + (((i >> 3) & 1) * 0x15));
        }
    }
}
