using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi BlockInfo (one query-block entry), members in QEMU 7.2's emitted order.</summary>
public sealed record BlockInfo(
    [property: JsonPropertyName("io-status")] string? IoStatus,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("locked")] bool Locked,
    [property: JsonPropertyName("removable")] bool Removable,
    [property: JsonPropertyName("inserted")] BlockDeviceInfo? Inserted,
    [property: JsonPropertyName("qdev")] string? Qdev,
    [property: JsonPropertyName("tray_open")] bool? TrayOpen,
    [property: JsonPropertyName("type")] string Type);
