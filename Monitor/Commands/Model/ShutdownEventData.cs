using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>Data of SHUTDOWN and RESET (schema description; the events are built by MachineEvents).</summary>
public sealed class ShutdownEventData
{
    [JsonPropertyName("guest")]
    public required bool Guest { get; init; }

    [JsonPropertyName("reason")]
    public required ShutdownReason Reason { get; init; }
}
