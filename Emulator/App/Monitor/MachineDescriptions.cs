using Emu.App.Options;
using Emu.Monitor.Machine;

namespace Emu.App.Monitor;

/// <summary>The machine the options built, as the monitor's introspection commands report it.</summary>
internal static class MachineDescriptions
{
    public static MachineDescription From(EmuOptions options) => new()
    {
        IsaPc = options.IsaPc,
        RamBytes = options.RamBytes,
        Uuid = options.Uuid,
        Chardevs = SerialChardevs(options.Serial),
        Peripherals = [.. options.Devices.Where(d => d.Id is not null).Select(d => (d.Id!, d.Driver)), .. options.IsaSerialIds.Select(id => (id, "isa-serial"))],
    };

    /// <summary>QEMU names the chardev of the Nth -serial "serialN"; its filename is the backend's name (file, stdio, null).</summary>
    private static List<ChardevDescription> SerialChardevs(IReadOnlyList<string> specs)
    {
        List<ChardevDescription> result = new();
        for (int i = 0; i < specs.Count; i++)
        {
            string spec = specs[i];
            if (spec == "none")
            {
                continue;
            }

            string backend = spec.StartsWith("file:", StringComparison.Ordinal) ? "file" : spec;
            result.Add(new ChardevDescription($"serial{i}", backend, FrontendOpen: true));
        }

        return result;
    }
}
