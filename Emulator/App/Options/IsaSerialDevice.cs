using System.Globalization;

namespace Emu.App.Options;

/// <summary>
/// <c>-device isa-serial,chardev=ID[,index=N][,id=X]</c>, libvirt's way of writing
/// <c>-serial chardev:ID</c>: the 16550 UART at COM(N+1)'s standard port and IRQ (QEMU
/// hw/char/serial-isa.c). And the boot order libvirt gives through <c>bootindex=</c>.
/// </summary>
internal static class IsaSerialDevice
{
    /// <summary>Takes the option when it is an isa-serial; false for any other device.</summary>
    public static bool TryApply(EmuOptions options, string source, string value)
    {
        List<string> parts = KeyValues.Split(value);
        string driver = parts.Count > 0 ? parts[0].Replace("driver=", string.Empty, StringComparison.Ordinal) : string.Empty;
        if (driver != "isa-serial")
        {
            return false;
        }

        string? chardev = null;
        int? index = null;
        foreach ((string key, string val) in parts.Skip(1).Select(p => KeyValues.ToPair(source, p)))
        {
            switch (key)
            {
                case "chardev":
                    chardev = val;
                    break;
                case "index":
                    index = int.TryParse(val, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n < 4
                        ? n
                        : throw new OptionException($"{source}: Max. supported number of ISA serial ports is 4.");
                    break;
                case "id":
                    options.IsaSerialIds.Add(val);
                    break;
                default:
                    throw new OptionException($"{source}: Property 'isa-serial.{key}' not found");
            }
        }

        int at = index ?? options.Serial.Count;
        while (options.Serial.Count <= at)
        {
            options.Serial.Add("none");
        }

        options.Serial[at] = chardev is null ? "null" : "chardev:" + chardev;
        return true;
    }

    /// <summary>
    /// The -boot letters implied by the IDE devices' bootindex values, lowest first: c for a
    /// disk, d for a CD. Null when no device has one (the default order applies).
    /// </summary>
    public static string? BootOrderFromIndexes(IEnumerable<DeviceOption> devices)
    {
        List<char> letters = devices.Where(d => d.BootIndex is not null && d.Driver is "ide-hd" or "ide-cd")
            .OrderBy(d => d.BootIndex)
            .Select(d => d.Driver == "ide-hd" ? 'c' : 'd')
            .Distinct()
            .ToList();
        return letters.Count == 0 ? null : new string([.. letters]);
    }
}
