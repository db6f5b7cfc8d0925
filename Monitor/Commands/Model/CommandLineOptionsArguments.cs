using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>query-command-line-options arguments (qapi/misc.json).</summary>
public sealed class CommandLineOptionsArguments
{
    [JsonPropertyName("option")]
    public string? Option { get; init; }
}
