using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/transaction.json ActionCompletionMode.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompletionMode>))]
public enum CompletionMode
{
    [JsonStringEnumMemberName("individual")]
    Individual,

    [JsonStringEnumMemberName("grouped")]
    Grouped,
}
