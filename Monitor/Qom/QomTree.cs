using System.Text.Json.Nodes;
using Emu.Monitor.Machine;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Qom;

/// <summary>
/// The part of QEMU's QOM composition tree (qom/object.c) Emu reports: the root container,
/// /machine, its peripheral containers (devices named on the command line are their children)
/// and the vCPU at /machine/unattached/device[0]. A child property's value is the child's
/// canonical path, as QEMU's object_get_canonical_path gives it. Other paths are not found.
/// </summary>
public static class QomTree
{
    private const string Cpu = "/machine/unattached/device[0]";

    /// <summary>The object at <paramref name="path"/> (a trailing '/' ignored), or null where QEMU's tree has none Emu shows.</summary>
    public static QomObject? Resolve(MachineDescription machine, string path) => path.TrimEnd('/') switch
    {
        "" => Container([Child("machine", MachineType(machine), "/machine")]),
        "/machine" => new QomObject(MachineType(machine), [
            TypeOf(MachineType(machine)),
            Child("peripheral", "container", "/machine/peripheral"),
            Child("peripheral-anon", "container", "/machine/peripheral-anon"),
            Child("unattached", "container", "/machine/unattached"),
        ]),
        "/machine/peripheral" => Container([.. machine.Peripherals.Select(p => Child(p.Id, p.Type, "/machine/peripheral/" + p.Id))]),
        "/machine/peripheral-anon" or "/machine/unattached" => Container([]),
        Cpu => CpuObject(),
        _ => null,
    };

    /// <summary>The vCPU's QOM type: the model's class, as query-cpu-definitions names it.</summary>
    public static string CpuType => MachineDescription.CpuModel + "-i386-cpu";

    private static string MachineType(MachineDescription machine) => machine.IsaPc ? "isapc-machine" : "pc-i440fx-7.2-machine";

    private static QomObject Container(QomObjectProperty[] children) => new("container", [TypeOf("container"), .. children]);

    private static QomObjectProperty TypeOf(string type) => new("type", "string", () => type);

    private static QomObjectProperty Child(string name, string type, string path) => new(name, $"child<{type}>", () => path);

    /// <summary>
    /// The boot CPU, realized at machine creation and never hotplugged. QEMU's pc machine lets a
    /// client unrealize it (realized=false); Emu has no CPU unplug, so it refuses that and says so.
    /// Setting realized=true on the realized CPU changes nothing, as in QEMU's device_set_realized.
    /// </summary>
    private static QomObject CpuObject() => new(CpuType, [
        TypeOf(CpuType),
        new QomObjectProperty("realized", "bool", () => true, value => value switch
        {
            JsonValue v when v.TryGetValue(out bool realized) => realized ? null : QmpError.Generic($"Emu cannot unrealize its only vCPU ('{CpuType}.realized' stays true)"),
            _ => QmpError.Generic("Invalid parameter type for 'realized', expected: boolean"),
        }),
        new QomObjectProperty("hotplugged", "bool", () => false),
        new QomObjectProperty("hotpluggable", "bool", () => true),
    ]);
}
