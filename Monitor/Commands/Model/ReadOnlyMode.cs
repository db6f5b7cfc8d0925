using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/block.json BlockdevChangeReadOnlyMode.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReadOnlyMode>))]
public enum ReadOnlyMode
{
    [JsonStringEnumMemberName("retain")]
    Retain,

    [JsonStringEnumMemberName("read-only")]
    ReadOnly,

    [JsonStringEnumMemberName("read-write")]
    ReadWrite,
}
