using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed class CapabilitiesArguments
{
    [JsonPropertyName("enable")]
    public List<QmpCapability>? Enable { get; init; }
}
