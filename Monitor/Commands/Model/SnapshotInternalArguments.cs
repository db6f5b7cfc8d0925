using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/block-core.json BlockdevSnapshotInternal.</summary>
public sealed class SnapshotInternalArguments
{
    [JsonPropertyName("device")]
    public required string Device { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }
}
