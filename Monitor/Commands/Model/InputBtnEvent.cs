using System.Text.Json.Serialization;
using Emu.Devices.Input;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json InputBtnEvent.</summary>
public sealed class InputBtnEvent
{
    [JsonPropertyName("button")]
    public required PointerButton Button { get; init; }

    [JsonPropertyName("down")]
    public required bool Down { get; init; }
}
