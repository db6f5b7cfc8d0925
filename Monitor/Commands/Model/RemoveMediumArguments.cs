using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed class RemoveMediumArguments
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }
}
