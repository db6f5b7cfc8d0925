using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qom-set arguments (qapi/qom.json): an object's path, one of its properties and the new value (any JSON).</summary>
public sealed class QomSetArguments
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("property")]
    public required string Property { get; init; }

    [JsonPropertyName("value")]
    public required JsonNode Value { get; init; }
}
