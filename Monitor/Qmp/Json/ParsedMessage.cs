using System.Text.Json.Nodes;

namespace Emu.Monitor.Qmp.Json;

/// <summary>
/// One top-level result of the input stream: a JSON value (possibly JSON null) or the parse error
/// QEMU reports for it (<c>JSON parse error, ...</c>, a limit text).
/// </summary>
public readonly record struct ParsedMessage(JsonNode? Value, string? Error)
{
    public bool IsError => Error is not null;
}
