using System.Diagnostics;
using System.Globalization;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;

namespace Emu.App.Options;

/// <summary>
/// The ide-hd properties beyond drive/id/bus/unit/share-rw, as QEMU 7.2 spells and checks them:
/// <c>cyls</c>, <c>heads</c>, <c>secs</c>, <c>lcyls</c>, <c>lheads</c>, <c>lsecs</c> (uint32),
/// <c>bios-chs-trans</c> (auto|none|lba|large|rechs), <c>serial</c>, <c>model</c>, <c>ver</c>
/// (strings) and <c>wwn</c> (uint64). <c>-global</c> values apply first, then the device's own,
/// then the geometry is checked as QEMU's <c>blkconf_geometry</c> does; errors carry QEMU's text.
/// </summary>
public static class IdeDeviceProperties
{
    private static readonly HashSet<string> DiskProperties =
        ["cyls", "heads", "secs", "lcyls", "lheads", "lsecs", "bios-chs-trans", "serial", "model", "ver", "wwn"];

    /// <summary>What ide-cd shares with ide-hd: the IDENTIFY strings, not the geometry.</summary>
    private static readonly HashSet<string> CdromProperties = ["serial", "model", "ver", "wwn"];

    /// <summary>Whether <paramref name="driver"/> has the property (beyond the ones every -device parses).</summary>
    public static bool Has(string driver, string property) => driver switch
    {
        "ide-hd" => DiskProperties.Contains(property),
        "ide-cd" => CdromProperties.Contains(property),
        _ => false,
    };

    /// <summary>
    /// Applies the globals for <paramref name="driver"/> and then <paramref name="own"/>;
    /// <paramref name="source"/> is the <c>-device</c> text errors start with (null for a disk the
    /// board creates from <c>-drive if=ide</c>).
    /// </summary>
    public static (DiskGeometryProperties Geometry, AtaDriveStrings Strings) Resolve(
        string driver, string? source, IEnumerable<GlobalOption> globals, IEnumerable<(string Key, string Value)> own)
    {
        string prefix = source is null ? string.Empty : $"{source}: ";
        DiskGeometryProperties geometry = DiskGeometryProperties.Default;
        AtaDriveStrings strings = AtaDriveStrings.Default;
        foreach (GlobalOption global in globals.Where(g => g.Driver == driver))
        {
            string at = $"{prefix}can't apply global {global.Text}: ";
            Apply(ref geometry, ref strings, driver, global.Property, global.Value, at, isGlobal: true);
        }

        foreach ((string key, string value) in own)
        {
            Apply(ref geometry, ref strings, driver, key, value, prefix, isGlobal: false);
        }

        if (geometry.Check() is { } refusal)
        {
            throw new OptionException(prefix + refusal);
        }

        return (geometry, strings);
    }

    private static void Apply(ref DiskGeometryProperties geometry, ref AtaDriveStrings strings, string driver, string key, string value, string prefix, bool isGlobal)
    {
        if (!Has(driver, key))
        {
            throw new OptionException($"{prefix}Property '{driver}.{key}' not found");
        }

        switch (key)
        {
            case "cyls":
                geometry = geometry with { Cylinders = UInt32(key, value, prefix, isGlobal) };
                break;
            case "heads":
                geometry = geometry with { Heads = UInt32(key, value, prefix, isGlobal) };
                break;
            case "secs":
                geometry = geometry with { Sectors = UInt32(key, value, prefix, isGlobal) };
                break;
            case "lcyls":
                geometry = geometry with { LogicalCylinders = UInt32(key, value, prefix, isGlobal) };
                break;
            case "lheads":
                geometry = geometry with { LogicalHeads = UInt32(key, value, prefix, isGlobal) };
                break;
            case "lsecs":
                geometry = geometry with { LogicalSectors = UInt32(key, value, prefix, isGlobal) };
                break;
            case "bios-chs-trans":
                geometry = geometry with { Translation = Translation(value) ?? throw new OptionException($"{prefix}Parameter '{key}' does not accept value '{value}'") };
                break;
            case "serial":
                strings = strings with { Serial = value };
                break;
            case "model":
                strings = strings with { Model = value };
                break;
            case "ver":
                strings = strings with { Version = value };
                break;
            case "wwn":
                strings = strings with { Wwn = ParseUnsigned(value) ?? throw new OptionException($"{prefix}Parameter '{key}' expects {(isGlobal ? "uint64" : "integer")}") };
                break;
            default:
                throw new UnreachableException($"{driver}.{key} is in the property list but not applied");
        }
    }

    /// <summary>QAPI BiosAtaTranslation, case-sensitive as QEMU's enum lookup.</summary>
    private static ChsTranslation? Translation(string value) => value switch
    {
        "auto" => ChsTranslation.Auto,
        "none" => ChsTranslation.None,
        "lba" => ChsTranslation.Lba,
        "large" => ChsTranslation.Large,
        "rechs" => ChsTranslation.Rechs,
        _ => null,
    };

    /// <summary>
    /// A uint32 property. QEMU parses it with base 0 (decimal, 0x hex, 0 octal); text that is no
    /// number "expects integer" (from <c>-global</c>: "expects uint64"), a number outside 32 bits
    /// "expects uint32_t".
    /// </summary>
    private static long UInt32(string key, string value, string prefix, bool isGlobal)
    {
        string trimmed = value.StartsWith('-') ? value[1..] : value;
        ulong? parsed = ParseUnsigned(trimmed);
        if (parsed is null)
        {
            throw new OptionException($"{prefix}Parameter '{key}' expects {(isGlobal ? "uint64" : "integer")}");
        }

        if (value.StartsWith('-') || parsed > uint.MaxValue)
        {
            throw new OptionException($"{prefix}Parameter '{key}' expects uint32_t");
        }

        return (long)parsed.Value;
    }

    /// <summary>qemu_strtou64 with base 0: 0x/0X hex, a leading 0 octal, else decimal.</summary>
    private static ulong? ParseUnsigned(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return text.Length > 2 && ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex) ? hex : null;
            }

            if (text.Length > 1 && text[0] == '0')
            {
                return text.All(c => c is >= '0' and <= '7') ? Convert.ToUInt64(text, 8) : null;
            }
        }
        catch (OverflowException)
        {
            return null;
        }

        return text.All(char.IsAsciiDigit) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;
    }
}
