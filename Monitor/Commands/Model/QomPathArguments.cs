using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qom-list arguments (qapi/qom.json).</summary>
public sealed class QomPathArguments
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }
}
