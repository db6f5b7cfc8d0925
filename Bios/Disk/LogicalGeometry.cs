using Emu.Devices.Storage;
namespace Emu.Bios.Disk;

/// <summary>
/// SeaBIOS's <c>setup_translation</c> (ide-atapi-bios.md C.4): the logical geometry INT 13h
/// reports for a physical geometry, a size and a translation policy. Cylinder and head
/// arithmetic is 16-bit as in SeaBIOS.
/// </summary>
public static class LogicalGeometry
{
    private const long LbaCap = 63L * 255 * 1024;

    /// <summary>
    /// <c>setup_translation</c> with the <c>bios-geometry</c> override: a usable entry (heads up to
    /// 255, 1-63 sectors) is taken as is (TRANSLATION_HOST, reported as None) with the cylinders
    /// capped at 1024; otherwise <see cref="Compute"/> with the CMOS translation.
    /// </summary>
    public static (ChsGeometry Logical, ChsTranslation Translation) Setup(ChsGeometry physical, long totalSectors, ChsTranslation translation, ChsGeometry? biosGeometry)
    {
        if (biosGeometry is { Heads: <= 255, Sectors: >= 1 and <= 63 } host)
        {
            return (host with { Cylinders = Math.Min(host.Cylinders, 1024) }, ChsTranslation.None);
        }

        return (Compute(physical, totalSectors, translation), translation);
    }

    public static ChsGeometry Compute(ChsGeometry physical, long totalSectors, ChsTranslation translation)
    {
        int c = physical.Cylinders;
        int h = physical.Heads;
        int s = physical.Sectors;
        switch (translation)
        {
            case ChsTranslation.Lba:
                s = 63;
                if (totalSectors > LbaCap)
                {
                    h = 255;
                    c = 1024;
                }
                else
                {
                    long t = (totalSectors & 0xFFFF_FFFF) / 63;
                    long h0 = t / 1024;
                    h = h0 > 128 ? 255 : h0 > 64 ? 128 : h0 > 32 ? 64 : h0 > 16 ? 32 : 16;
                    c = (int)(t / h);
                }

                break;
            case ChsTranslation.Rechs:
                if (h == 16)
                {
                    c = Math.Min(c, 61439);
                    h = 15;
                    c = (ushort)(c * 16 / 15);
                }

                (c, h) = Large(c, h);
                break;
            case ChsTranslation.Large:
                (c, h) = Large(c, h);
                break;
            default:
                break;
        }

        return new ChsGeometry(Math.Min(c, 1024), h, s);
    }

    private static (int Cylinders, int Heads) Large(int c, int h)
    {
        while (c > 1024)
        {
            c >>= 1;
            h = (ushort)(h << 1);
            if (h > 127)
            {
                break;
            }
        }

        return (c, h);
    }
}
