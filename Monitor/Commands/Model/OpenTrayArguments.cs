using System.Text.Json.Serialization;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands.Model;

public sealed class OpenTrayArguments
{
    [JsonPropertyName("device")]
    [QmpFeature("deprecated")]
    public string? Device { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("force")]
    public bool? Force { get; init; }
}
