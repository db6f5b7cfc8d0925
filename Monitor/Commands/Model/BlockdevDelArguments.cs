using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>blockdev-del arguments (qapi/block-core.json).</summary>
public sealed class BlockdevDelArguments
{
    [JsonPropertyName("node-name")]
    public required string NodeName { get; init; }
}
