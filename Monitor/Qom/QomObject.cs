using System.Text.Json.Nodes;

namespace Emu.Monitor.Qom;

/// <summary>
/// One object of the QOM composition tree as qom-list, qom-get and qom-set see it: its type name
/// and its properties, in QEMU's order (the <c>type</c> property first, then children or values).
/// </summary>
public sealed record QomObject(string TypeName, IReadOnlyList<QomObjectProperty> Properties)
{
    public QomObjectProperty? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);
}

/// <summary>
/// One property of a <see cref="QomObject"/>: its QOM type (<c>string</c>, <c>bool</c>,
/// <c>child&lt;T&gt;</c>) and its current value; read-only unless it has a setter, as in QEMU
/// (object_property_set refuses a property without one).
/// </summary>
public sealed record QomObjectProperty(string Name, string Type, Func<JsonNode?> Get, Func<JsonNode?, Qmp.QmpError?>? Set = null);
