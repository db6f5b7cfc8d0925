using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/control.json QMPCapability.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QmpCapability>))]
public enum QmpCapability
{
    [JsonStringEnumMemberName("oob")]
    Oob,
}
