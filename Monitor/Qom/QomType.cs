namespace Emu.Monitor.Qom;

/// <summary>One QOM class as qom-list-types shows it (qapi/qom.json ObjectTypeInfo), with the properties device-list-properties and qom-list-properties report.</summary>
public sealed record QomType(string Name, string? Parent, bool Abstract, IReadOnlyList<QomProperty> Properties);

/// <summary>One property (qapi/qom.json ObjectPropertyInfo): QEMU's name and type, and its description where QEMU gives one.</summary>
public sealed record QomProperty(string Name, string Type, string? Description = null);
