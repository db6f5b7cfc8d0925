using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>
/// blockdev-add arguments (qapi/block-core.json BlockdevOptions) for the drivers Emu has: file
/// (filename) and raw/qcow2 (file: a node name or a nested file node). The common members
/// libvirt sends are taken; cache, discard and detect-zeroes do not change Emu's I/O.
/// </summary>
public sealed class BlockdevAddArguments
{
    [JsonPropertyName("driver")]
    public required string Driver { get; init; }

    [JsonPropertyName("node-name")]
    public string? NodeName { get; init; }

    [JsonPropertyName("discard")]
    public string? Discard { get; init; }

    [JsonPropertyName("cache")]
    public JsonObject? Cache { get; init; }

    [JsonPropertyName("read-only")]
    public bool? ReadOnly { get; init; }

    [JsonPropertyName("auto-read-only")]
    public bool? AutoReadOnly { get; init; }

    [JsonPropertyName("force-share")]
    public bool? ForceShare { get; init; }

    [JsonPropertyName("detect-zeroes")]
    public string? DetectZeroes { get; init; }

    [JsonPropertyName("filename")]
    public string? Filename { get; init; }

    [JsonPropertyName("file")]
    public JsonNode? File { get; init; }

    [JsonPropertyName("backing")]
    public JsonNode? Backing { get; init; }
}
