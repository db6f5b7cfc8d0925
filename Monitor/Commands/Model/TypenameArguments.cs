using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>device-list-properties and qom-list-properties arguments (qapi/qdev.json, qom.json).</summary>
public sealed class TypenameArguments
{
    [JsonPropertyName("typename")]
    public required string Typename { get; init; }
}
