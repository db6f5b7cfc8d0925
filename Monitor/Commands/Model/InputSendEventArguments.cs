using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json input-send-event: device and head pick a console; events go in order, then one sync.</summary>
public sealed class InputSendEventArguments
{
    [JsonPropertyName("device")]
    public string? Device { get; init; }

    [JsonPropertyName("head")]
    public long? Head { get; init; }

    [JsonPropertyName("events")]
    public required List<InputEvent> Events { get; init; }
}
