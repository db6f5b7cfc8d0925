using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json InputKeyEvent.</summary>
public sealed class InputKeyEvent
{
    [JsonPropertyName("key")]
    public required KeyValue Key { get; init; }

    [JsonPropertyName("down")]
    public required bool Down { get; init; }
}
