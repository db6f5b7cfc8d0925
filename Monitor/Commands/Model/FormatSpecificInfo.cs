using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed record FormatSpecificInfo(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("data")] Qcow2SpecificData Data);
