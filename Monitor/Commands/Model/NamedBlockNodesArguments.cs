using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>query-named-block-nodes arguments (qapi/block-core.json).</summary>
public sealed class NamedBlockNodesArguments
{
    [JsonPropertyName("flat")]
    public bool? Flat { get; init; }
}
