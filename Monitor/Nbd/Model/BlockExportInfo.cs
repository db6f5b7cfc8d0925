using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/block-export.json BlockExportInfo, in the member order QEMU 7.2 emits.</summary>
public sealed class BlockExportInfo
{
    [JsonPropertyName("node-name")]
    public required string NodeName { get; init; }

    [JsonPropertyName("shutting-down")]
    public required bool ShuttingDown { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }
}
