using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json send-key: keys pressed in order and released in reverse, hold-time in ms.</summary>
public sealed class SendKeyArguments
{
    [JsonPropertyName("keys")]
    public required List<KeyValue> Keys { get; init; }

    [JsonPropertyName("hold-time")]
    public long? HoldTime { get; init; }
}
