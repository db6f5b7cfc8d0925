using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/sockets.json UnixSocketAddress, schema order.</summary>
public sealed class UnixSocketAddress
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("abstract")]
    public bool? Abstract { get; init; }

    [JsonPropertyName("tight")]
    public bool? Tight { get; init; }
}
