using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json InputAxis.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InputAxis>))]
public enum InputAxis
{
    [JsonStringEnumMemberName("x")]
    X,

    [JsonStringEnumMemberName("y")]
    Y,
}
