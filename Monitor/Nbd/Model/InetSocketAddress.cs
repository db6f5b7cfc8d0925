using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/sockets.json InetSocketAddress, schema order.</summary>
public sealed class InetSocketAddress
{
    [JsonPropertyName("host")]
    public required string Host { get; init; }

    [JsonPropertyName("port")]
    public required string Port { get; init; }

    [JsonPropertyName("numeric")]
    public bool? Numeric { get; init; }

    [JsonPropertyName("to")]
    public ushort? To { get; init; }

    [JsonPropertyName("ipv4")]
    public bool? Ipv4 { get; init; }

    [JsonPropertyName("ipv6")]
    public bool? Ipv6 { get; init; }

    [JsonPropertyName("keep-alive")]
    public bool? KeepAlive { get; init; }

    [JsonPropertyName("mptcp")]
    public bool? Mptcp { get; init; }
}
