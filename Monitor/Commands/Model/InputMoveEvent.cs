using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json InputMoveEvent: one axis of a relative or absolute pointer move.</summary>
public sealed class InputMoveEvent
{
    [JsonPropertyName("axis")]
    public required InputAxis Axis { get; init; }

    [JsonPropertyName("value")]
    public required long Value { get; init; }
}
