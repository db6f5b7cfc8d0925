using System.Globalization;

namespace Emu.App.Options;

/// <summary>QEMU's <c>-device isa-debugcon,iobase=N,chardev=ID[,readback=N][,id=X]</c> (SeaBIOS logs to iobase=0x402).</summary>
internal static class DebugConsoleDevice
{
    public static DeviceOption Parse(string source, List<string> parts)
    {
        DeviceOption device = new() { Source = source, Driver = "isa-debugcon" };
        foreach ((string key, string val) in parts.Skip(1).Select(p => KeyValues.ToPair(source, p)))
        {
            switch (key)
            {
                case "iobase":
                    device.IoBase = (ushort)ParseNumber(source, key, val, ushort.MaxValue);
                    break;
                case "readback":
                    device.Readback = (byte)ParseNumber(source, key, val, byte.MaxValue);
                    break;
                case "chardev":
                    device.Chardev = val;
                    break;
                case "id":
                    device.Id = val;
                    break;
                default:
                    throw new OptionException($"{source}: Property 'isa-debugcon.{key}' not found");
            }
        }

        if (device.Chardev is null)
        {
            throw new OptionException($"{source}: Property 'isa-debugcon.chardev' is required");
        }

        return device;
    }

    /// <summary>A QEMU integer property: decimal or 0x-prefixed hex, range-checked.</summary>
    private static uint ParseNumber(string source, string key, string text, uint maximum)
    {
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        bool ok = hex
            ? uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || value > maximum)
        {
            throw new OptionException($"{source}: Property 'isa-debugcon.{key}' doesn't take value '{text}'");
        }

        return value;
    }
}
