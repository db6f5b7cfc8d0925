using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/block-export.json nbd-server-start arguments, schema order.</summary>
public sealed class NbdServerStartArguments
{
    [JsonPropertyName("addr")]
    public required SocketAddressLegacy Addr { get; init; }

    [JsonPropertyName("tls-creds")]
    public string? TlsCreds { get; init; }

    [JsonPropertyName("tls-authz")]
    public string? TlsAuthz { get; init; }

    [JsonPropertyName("max-connections")]
    public uint? MaxConnections { get; init; }
}
