using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed class HumanMonitorArguments
{
    [JsonPropertyName("command-line")]
    public required string CommandLine { get; init; }

    [JsonPropertyName("cpu-index")]
    public long? CpuIndex { get; init; }
}
