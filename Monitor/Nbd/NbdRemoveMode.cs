using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd;

/// <summary>QMP's BlockExportRemoveMode for <c>nbd-server-remove</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NbdRemoveMode>))]
public enum NbdRemoveMode
{
    /// <summary>Refuse while clients are connected ("export 'x' still in use").</summary>
    [JsonStringEnumMemberName("safe")]
    Safe,

    /// <summary>Close the export's clients at once and remove it.</summary>
    [JsonStringEnumMemberName("hard")]
    Hard,
}
