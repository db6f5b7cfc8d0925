using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>query-blockstats arguments (qapi/block-core.json): per node instead of per device.</summary>
public sealed class BlockStatsArguments
{
    [JsonPropertyName("query-nodes")]
    public bool? QueryNodes { get; init; }
}
