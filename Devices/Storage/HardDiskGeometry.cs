using Emu.Devices.Block;

namespace Emu.Devices.Storage;

/// <summary>
/// A hard disk's geometry as the disk model owns it (spec ide-atapi-bios.md C.2, C.3): the
/// physical geometry IDENTIFY and the CMOS report, the BIOS translation policy with "auto"
/// resolved (CMOS 39h), and the logical geometry handed to the BIOS through QEMU's
/// <c>bios-geometry</c> fw_cfg file when <c>lcyls/lheads/lsecs</c> are set. Built once, when
/// the disk is created; the platform and the BIOS only read it.
/// </summary>
public sealed record HardDiskGeometry(ChsGeometry Physical, ChsTranslation Translation, ChsGeometry? BiosGeometry)
{
    /// <summary>
    /// QEMU <c>blkconf_geometry</c> + <c>hd_geometry_guess</c>: the explicit cyls/heads/secs if
    /// given, else the guess from the medium's MBR and size; the policy replaces the default
    /// translation unless it is auto.
    /// </summary>
    public static HardDiskGeometry Resolve(IBlockBackend medium, DiskGeometryProperties properties)
    {
        ArgumentNullException.ThrowIfNull(medium);
        ArgumentNullException.ThrowIfNull(properties);
        ChsGeometry physical;
        ChsTranslation defaultTranslation;
        if (properties.Explicit is { } given)
        {
            physical = given;
            defaultTranslation = GeometryGuess.AutoTranslation(given);
        }
        else
        {
            Span<byte> sector0 = stackalloc byte[512];
            sector0.Clear();
            if (medium.Length >= 512)
            {
                medium.Read(0, sector0);
            }

            (physical, defaultTranslation) = GeometryGuess.Guess(sector0, medium.Length / 512);
        }

        ChsTranslation translation = properties.Translation == ChsTranslation.Auto ? defaultTranslation : properties.Translation;
        return new HardDiskGeometry(physical, translation, properties.BiosGeometry);
    }
}
