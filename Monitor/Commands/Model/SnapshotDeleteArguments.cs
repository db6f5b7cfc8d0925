using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed class SnapshotDeleteArguments
{
    [JsonPropertyName("device")]
    public required string Device { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
