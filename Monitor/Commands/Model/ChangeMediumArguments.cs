using System.Text.Json.Serialization;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands.Model;

public sealed class ChangeMediumArguments
{
    [JsonPropertyName("device")]
    [QmpFeature("deprecated")]
    public string? Device { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("filename")]
    public required string FileName { get; init; }

    [JsonPropertyName("format")]
    public string? Format { get; init; }

    [JsonPropertyName("force")]
    public bool? Force { get; init; }

    [JsonPropertyName("read-only-mode")]
    public ReadOnlyMode? ReadOnlyMode { get; init; }
}
