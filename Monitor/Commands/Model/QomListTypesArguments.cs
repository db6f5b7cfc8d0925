using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qom-list-types arguments (qapi/qom.json), schema order.</summary>
public sealed class QomListTypesArguments
{
    [JsonPropertyName("implements")]
    public string? Implements { get; init; }

    [JsonPropertyName("abstract")]
    public bool? Abstract { get; init; }
}
