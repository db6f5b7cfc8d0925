using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed record StatusInfo(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("singlestep")] bool SingleStep,
    [property: JsonPropertyName("running")] bool Running);
