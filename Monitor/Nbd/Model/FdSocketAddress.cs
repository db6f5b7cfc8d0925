using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>qapi/common.json String, the data of a SocketAddressLegacy of type fd (Emu cannot listen on it).</summary>
public sealed class FdSocketAddress
{
    [JsonPropertyName("str")]
    public required string Str { get; init; }
}
