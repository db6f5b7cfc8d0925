using System.Text.Json.Serialization;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands.Model;

/// <summary>eject and blockdev-open-tray arguments (qapi/block.json), schema order.</summary>
public sealed class EjectArguments
{
    [JsonPropertyName("device")]
    [QmpFeature("deprecated")]
    public string? Device { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("force")]
    public bool? Force { get; init; }
}
