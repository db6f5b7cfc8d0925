using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/block-export.json NbdServerAddOptions, schema order.</summary>
public sealed class NbdServerAddArguments
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("device")]
    public required string Device { get; init; }

    [JsonPropertyName("writable")]
    public bool? Writable { get; init; }

    [JsonPropertyName("bitmap")]
    public string? Bitmap { get; init; }
}
