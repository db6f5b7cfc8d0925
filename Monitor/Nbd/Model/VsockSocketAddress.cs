using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/sockets.json VsockSocketAddress (accepted by validation; Emu cannot listen on it).</summary>
public sealed class VsockSocketAddress
{
    [JsonPropertyName("cid")]
    public required string Cid { get; init; }

    [JsonPropertyName("port")]
    public required string Port { get; init; }
}
