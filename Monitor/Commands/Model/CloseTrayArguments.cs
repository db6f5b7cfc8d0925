using System.Text.Json.Serialization;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands.Model;

public sealed class CloseTrayArguments
{
    [JsonPropertyName("device")]
    [QmpFeature("deprecated")]
    public string? Device { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }
}
