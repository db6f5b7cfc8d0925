namespace Emu.Devices.Storage;

/// <summary>
/// The geometry properties of QEMU's ide-hd (<c>DEFINE_BLOCK_CHS_PROPERTIES</c>,
/// <c>bios-chs-trans</c>; spec ide-atapi-bios.md C.1): cyls/heads/secs (all three or none,
/// 0 = not given), lcyls/lheads/lsecs and the translation policy.
/// </summary>
public sealed record DiskGeometryProperties
{
    public static readonly DiskGeometryProperties Default = new();

    public long Cylinders { get; init; }

    public long Heads { get; init; }

    public long Sectors { get; init; }

    public long LogicalCylinders { get; init; }

    public long LogicalHeads { get; init; }

    public long LogicalSectors { get; init; }

    public ChsTranslation Translation { get; init; } = ChsTranslation.Auto;

    /// <summary>The explicit physical geometry, or null when cyls, heads and secs are all 0.</summary>
    public ChsGeometry? Explicit => Cylinders == 0 && Heads == 0 && Sectors == 0
        ? null
        : new ChsGeometry((int)Cylinders, (int)Heads, (int)Sectors);

    /// <summary>The <c>bios-geometry</c> entry: present when any of lcyls/lheads/lsecs is set (QEMU add_boot_device_lchs).</summary>
    public ChsGeometry? BiosGeometry => LogicalCylinders == 0 && LogicalHeads == 0 && LogicalSectors == 0
        ? null
        : new ChsGeometry((int)LogicalCylinders, (int)LogicalHeads, (int)LogicalSectors);

    /// <summary>
    /// QEMU <c>blkconf_geometry</c> for ide-hd: when any of cyls/heads/secs is given each must be in
    /// range, checked in that order. Returns QEMU's refusal text, or null when valid.
    /// </summary>
    public string? Check()
    {
        if (Cylinders == 0 && Heads == 0 && Sectors == 0)
        {
            return null;
        }

        if (Cylinders is < 1 or > 65535)
        {
            return "cyls must be between 1 and 65535";
        }

        if (Heads is < 1 or > 16)
        {
            return "heads must be between 1 and 16";
        }

        if (Sectors is < 1 or > 255)
        {
            return "secs must be between 1 and 255";
        }

        return null;
    }
}
