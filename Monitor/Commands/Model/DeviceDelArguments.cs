using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>device_del arguments (qapi/qdev.json): a device's qdev id or QOM path.</summary>
public sealed class DeviceDelArguments
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }
}
