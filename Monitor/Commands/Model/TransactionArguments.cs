using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed class TransactionArguments
{
    [JsonPropertyName("actions")]
    public required List<TransactionAction> Actions { get; init; }

    [JsonPropertyName("properties")]
    public TransactionProperties? Properties { get; init; }
}
