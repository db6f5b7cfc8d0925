using System.Text.Json.Nodes;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;
using Emu.Monitor.Qom;

namespace Emu.Monitor.Commands;

/// <summary>
/// QOM class introspection (QEMU 7.2 qom/qom-qmp-cmds.c, softmmu/qdev-monitor.c): qom-list-types,
/// device-list-properties and qom-list-properties over <see cref="QomTypes"/>, with QEMU's errors
/// for unknown and abstract types. libvirt's capability probe asks all three.
/// </summary>
public static class QomCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddAsync("qom-list-types", () => json.QomListTypesArguments, () => json.ListJsonObject, (_, args, _) => Done(ListTypes(args)));
        registry.AddAsync("device-list-properties", () => json.TypenameArguments, () => json.ListJsonObject, (_, args, _) => ValueTask.FromResult(DeviceProperties(args.Typename)));
        registry.AddAsync("qom-list", () => json.QomPathArguments, () => json.ListJsonObject, (c, args, _) => ValueTask.FromResult(List(c.Services, args.Path)));
        registry.AddAsync("qom-list-properties", () => json.TypenameArguments, () => json.ListJsonObject, (_, args, _) => ValueTask.FromResult(ObjectProperties(args.Typename)));
    }

    private static ValueTask<QmpOutcome<T>> Done<T>(T value) => ValueTask.FromResult<QmpOutcome<T>>(value);

    /// <summary>Concrete classes only unless abstract=true; an unknown implements= matches nothing (QEMU returns []).</summary>
    private static List<JsonObject> ListTypes(QomListTypesArguments args)
    {
        List<JsonObject> result = [];
        foreach (QomType type in QomTypes.All)
        {
            if (type.Abstract && args.Abstract != true || args.Implements is { } ancestor && !QomTypes.Implements(type, ancestor))
            {
                continue;
            }

            JsonObject info = [];
            if (type.Abstract)
            {
                info["abstract"] = true;
            }

            info["name"] = type.Name;
            if (type.Parent is not null)
            {
                info["parent"] = type.Parent;
            }

            result.Add(info);
        }

        return result;
    }

    /// <summary>qmp_device_list_properties: only concrete devices; QEMU's texts for the rest.</summary>
    private static QmpOutcome<List<JsonObject>> DeviceProperties(string typename)
    {
        QomType? type = QomTypes.Find(typename);
        if (type is null)
        {
            return new QmpError("DeviceNotFound", $"Device '{typename}' not found");
        }

        if (type.Abstract || !QomTypes.Implements(type, "device"))
        {
            return new QmpError("GenericError", "Parameter 'typename' expects a non-abstract device type");
        }

        return type.Properties.Select(Property).ToList();
    }

    /// <summary>qmp_qom_list_properties: any class, abstract or not.</summary>
    private static QmpOutcome<List<JsonObject>> ObjectProperties(string typename)
    {
        QomType? type = QomTypes.Find(typename);
        if (type is null)
        {
            return new QmpError("DeviceNotFound", $"Class '{typename}' not found");
        }

        return type.Properties.Select(Property).ToList();
    }

    /// <summary>
    /// qom-list over the part of QEMU's composition tree Emu reports: /machine, its peripheral
    /// containers (devices named on the command line) and the vCPU. Each object lists its type
    /// property and its children, as QEMU does; a path elsewhere is not found.
    /// </summary>
    private static QmpOutcome<List<JsonObject>> List(MonitorServices services, string path)
    {
        List<JsonObject> result = [Entry("type", "string")];
        switch (path.TrimEnd('/'))
        {
            case "":
                result.Add(Entry("machine", "child<" + MachineType(services) + ">"));
                break;
            case "/machine":
                result.Add(Entry("peripheral", "child<container>"));
                result.Add(Entry("peripheral-anon", "child<container>"));
                result.Add(Entry("unattached", "child<container>"));
                break;
            case "/machine/peripheral":
                foreach ((string id, string type) in services.Description.Peripherals)
                {
                    result.Add(Entry(id, $"child<{type}>"));
                }

                break;
            case "/machine/peripheral-anon" or "/machine/unattached":
                break;
            case "/machine/unattached/device[0]":
                result.Add(Entry("realized", "bool"));
                result.Add(Entry("hotplugged", "bool"));
                result.Add(Entry("hotpluggable", "bool"));
                break;
            default:
                return new QmpError("DeviceNotFound", $"Device '{path}' not found");
        }

        return result;
    }

    private static string MachineType(MonitorServices services) => services.Description.IsaPc ? "isapc-machine" : "pc-i440fx-7.2-machine";

    private static JsonObject Entry(string name, string type) => new() { ["name"] = name, ["type"] = type };

    private static JsonObject Property(QomProperty property)
    {
        JsonObject info = new() { ["name"] = property.Name };
        if (property.Description is not null)
        {
            info["description"] = property.Description;
        }

        info["type"] = property.Type;
        return info;
    }
}
