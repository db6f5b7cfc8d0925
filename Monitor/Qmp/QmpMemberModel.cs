namespace Emu.Monitor.Qmp;

/// <summary>One member of an object type: wire name, type, optional (<c>"default": null</c> in the schema), features.</summary>
public sealed record QmpMemberModel(string Name, QmpTypeModel Type, bool Optional, IReadOnlyList<string> Features);
