using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>blockdev-insert-medium arguments (qapi/block.json).</summary>
public sealed class InsertMediumArguments
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("node-name")]
    public required string NodeName { get; init; }
}
