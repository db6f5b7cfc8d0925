using System.Text.Json.Nodes;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;
using Emu.Monitor.Qom;

namespace Emu.Monitor.Commands;

/// <summary>
/// QOM class introspection (QEMU 7.2 qom/qom-qmp-cmds.c, softmmu/qdev-monitor.c): qom-list-types,
/// device-list-properties and qom-list-properties over <see cref="QomTypes"/>, with QEMU's errors
/// for unknown and abstract types (libvirt's capability probe asks all three); qom-list, qom-get
/// and qom-set over the objects of <see cref="QomTree"/>.
/// </summary>
public static class QomCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddAsync("qom-list-types", () => json.QomListTypesArguments, () => json.ListJsonObject, (_, args, _) => Done(ListTypes(args)));
        registry.AddAsync("device-list-properties", () => json.TypenameArguments, () => json.ListJsonObject, (_, args, _) => ValueTask.FromResult(DeviceProperties(args.Typename)));
        registry.AddAsync("qom-list", () => json.QomPathArguments, () => json.ListJsonObject, (c, args, _) => ValueTask.FromResult(List(c.Services, args.Path)));
        registry.AddAsync("qom-get", () => json.QomGetArguments, () => json.JsonNode, (c, args, _) => ValueTask.FromResult(Get(c.Services, args)));
        registry.AddAsync("qom-set", () => json.QomSetArguments, () => json.QmpEmpty, (c, args, _) => ValueTask.FromResult(Set(c.Services, args)));
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

    /// <summary>qom-list over <see cref="QomTree"/>: each property's name and QOM type, in QEMU's order.</summary>
    private static QmpOutcome<List<JsonObject>> List(MonitorServices services, string path)
    {
        if (QomTree.Resolve(services.Description, path) is not { } found)
        {
            return QmpError.DeviceNotFound(path);
        }

        return found.Properties.Select(p => Entry(p.Name, p.Type)).ToList();
    }

    /// <summary>qmp_qom_get: the property's value; QEMU's errors for an unknown path or property.</summary>
    private static QmpOutcome<JsonNode> Get(MonitorServices services, QomGetArguments args)
    {
        QmpOutcome<QomObjectProperty> property = Find(services, args.Path, args.Property);
        if (property.Error is { } error)
        {
            return error;
        }

        return property.Value!.Get()!;
    }

    /// <summary>qmp_qom_set: only properties with a setter are writable (object_property_set's check).</summary>
    private static QmpOutcome<QmpEmpty> Set(MonitorServices services, QomSetArguments args)
    {
        QmpOutcome<QomObjectProperty> found = Find(services, args.Path, args.Property);
        if (found.Error is { } error)
        {
            return error;
        }

        QomObjectProperty property = found.Value!;
        if (property.Set is null)
        {
            return QmpError.Generic($"Property '{QomTree.Resolve(services.Description, args.Path)!.TypeName}.{property.Name}' is not writable");
        }

        if (property.Set(args.Value) is { } refused)
        {
            return refused;
        }

        return QmpEmpty.Instance;
    }

    private static QmpOutcome<QomObjectProperty> Find(MonitorServices services, string path, string name)
    {
        if (QomTree.Resolve(services.Description, path) is not { } target)
        {
            return QmpError.DeviceNotFound(path);
        }

        if (target.Find(name) is { } property)
        {
            return property;
        }

        return QmpError.Generic($"Property '{target.TypeName}.{name}' not found");
    }

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
