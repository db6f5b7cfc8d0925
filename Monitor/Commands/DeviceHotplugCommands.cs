using System.Text.Json.Nodes;
using Emu.Devices.Storage;
using Emu.Monitor.Qmp;
using Emu.Monitor.Qom;

namespace Emu.Monitor.Commands;

/// <summary>
/// device_add and device_del (QEMU 7.2 softmmu/qdev-monitor.c). Emu's devices sit on buses that
/// take no hotplug in QEMU either (IDE, ISA), so both commands end in QEMU's refusals, checked in
/// QEMU's order: the driver (qdev_get_device_class), the bus (qbus_find, the bus type), then the
/// bus's hotplug support (QERR_BUS_NO_HOTPLUG); device_del finds the device (find_device_state)
/// and refuses by its parent bus, or for the boot CPU by the pc machine's hotplug handler.
/// </summary>
public static class DeviceHotplugCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;

        // 'gen': false in QEMU: any members, checked by the command itself.
        registry.AddAsync("device_add", () => json.JsonObject, () => json.QmpEmpty, (c, args, _) => ValueTask.FromResult(Add(c.Services, args)));
        registry.AddAsync("device_del", () => json.DeviceDelArguments, () => json.QmpEmpty, (c, args, _) => ValueTask.FromResult(Delete(c.Services, args.Id)));
    }

    private static QmpOutcome<QmpEmpty> Add(MonitorServices services, JsonObject args)
    {
        if (!args.TryGetPropertyValue("driver", out JsonNode? driverNode) || driverNode is null)
        {
            return QmpError.Generic("Parameter 'driver' is missing");
        }

        string driver = driverNode is JsonValue v && v.TryGetValue(out string? text) ? text : driverNode.ToJsonString();
        QomType? type = QomTypes.Find(driver);
        if (type is null || !QomTypes.Implements(type, "device"))
        {
            return QmpError.Generic($"'{driver}' is not a valid device model name");
        }

        if (type.Abstract)
        {
            return QmpError.Generic("Parameter 'driver' expects a non-abstract device type");
        }

        string? busType = BusTypeOf(type);
        if (busType is null)
        {
            return QmpError.Generic($"Emu cannot hotplug a '{driver}' device");
        }

        string bus;
        if (args.TryGetPropertyValue("bus", out JsonNode? busNode) && busNode is not null)
        {
            bus = busNode is JsonValue b && b.TryGetValue(out string? name) ? name : busNode.ToJsonString();
            string? actual = Buses(services).FirstOrDefault(x => x.Name == bus).Type;
            if (actual is null)
            {
                return QmpError.Generic($"Bus '{bus}' not found");
            }

            if (actual != busType)
            {
                return QmpError.Generic($"Device '{driver}' can't go on {actual} bus");
            }
        }
        else
        {
            // qbus_find_recursive walks children newest first, so the last IDE bus created comes first.
            bus = Buses(services).Last(x => x.Type == busType).Name;
        }

        return QmpError.Generic($"Bus '{bus}' does not support hotplugging");
    }

    private static QmpOutcome<QmpEmpty> Delete(MonitorServices services, string id)
    {
        if (id.StartsWith('/'))
        {
            // The pc machine's hotplug handler refuses the boot CPU; isapc has no ACPI to unplug any CPU with.
            if (id.TrimEnd('/') == "/machine/unattached/device[0]")
            {
                return QmpError.Generic(services.Description.IsaPc ? "CPU hot unplug not supported without ACPI" : "Boot CPU is unpluggable");
            }

            if (QomTree.Resolve(services.Description, id) is not null)
            {
                return QmpError.Generic($"{id} is not a hotpluggable device");
            }
        }

        if (services.Drives.FindByQdev(id) is { Interface: DriveInterface.Ide } drive)
        {
            return QmpError.Generic($"Bus 'ide.{drive.Index / 2}' does not support hotplugging");
        }

        string peripheral = id.StartsWith("/machine/peripheral/", StringComparison.Ordinal) ? id["/machine/peripheral/".Length..] : id;
        foreach ((string name, string typeName) in services.Description.Peripherals)
        {
            if (name == peripheral && QomTypes.Find(typeName) is { } type && BusTypeOf(type) == "ISA")
            {
                return QmpError.Generic("Bus 'isa.0' does not support hotplugging");
            }
        }

        return QmpError.DeviceNotFound(id);
    }

    /// <summary>The bus type a device class plugs into (QEMU DeviceClass.bus_type), for the kinds Emu builds.</summary>
    private static string? BusTypeOf(QomType type) =>
        QomTypes.Implements(type, "ide-device") ? "IDE" : QomTypes.Implements(type, "isa-device") ? "ISA" : null;

    /// <summary>The buses of Emu's machines under QEMU's names, in creation order: pc has a PCI bus, isapc none.</summary>
    private static IEnumerable<(string Name, string Type)> Buses(MonitorServices services)
    {
        if (!services.Description.IsaPc)
        {
            yield return ("pci.0", "PCI");
        }

        yield return ("isa.0", "ISA");
        yield return ("ide.0", "IDE");
        yield return ("ide.1", "IDE");
    }
}
