using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/block-export.json nbd-server-remove arguments, schema order.</summary>
public sealed class NbdServerRemoveArguments
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("mode")]
    public NbdRemoveMode? Mode { get; init; }
}
