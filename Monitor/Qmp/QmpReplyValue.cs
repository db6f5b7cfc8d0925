using System.Text.Json.Nodes;

namespace Emu.Monitor.Qmp;

/// <summary>A finished command: the serialised return value, or the error.</summary>
public readonly record struct QmpReplyValue(JsonNode? Return, QmpError? Error);
