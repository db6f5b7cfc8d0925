using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json screendump: filename, device, head, format (ppm by default).</summary>
public sealed class ScreendumpArguments
{
    [JsonPropertyName("filename")]
    public required string FileName { get; init; }

    [JsonPropertyName("device")]
    public string? Device { get; init; }

    [JsonPropertyName("head")]
    public long? Head { get; init; }

    [JsonPropertyName("format")]
    public ImageFormat? Format { get; init; }
}
