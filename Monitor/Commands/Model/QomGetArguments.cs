using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qom-get arguments (qapi/qom.json): an object's path and one of its properties.</summary>
public sealed class QomGetArguments
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("property")]
    public required string Property { get; init; }
}
