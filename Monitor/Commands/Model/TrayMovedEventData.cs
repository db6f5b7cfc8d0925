using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>Data of DEVICE_TRAY_MOVED in schema order (the wire order is device, tray-open, id).</summary>
public sealed class TrayMovedEventData
{
    [JsonPropertyName("device")]
    public required string Device { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("tray-open")]
    public required bool TrayOpen { get; init; }
}
