using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed class TransactionProperties
{
    [JsonPropertyName("completion-mode")]
    public CompletionMode? CompletionMode { get; init; }
}
