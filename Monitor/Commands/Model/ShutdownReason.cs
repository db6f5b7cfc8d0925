using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/run-state.json ShutdownCause wire names (schema description).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ShutdownReason>))]
public enum ShutdownReason
{
    [JsonStringEnumMemberName("none")]
    None,

    [JsonStringEnumMemberName("host-error")]
    HostError,

    [JsonStringEnumMemberName("host-qmp-quit")]
    HostQmpQuit,

    [JsonStringEnumMemberName("host-qmp-system-reset")]
    HostQmpSystemReset,

    [JsonStringEnumMemberName("host-signal")]
    HostSignal,

    [JsonStringEnumMemberName("host-ui")]
    HostUi,

    [JsonStringEnumMemberName("guest-shutdown")]
    GuestShutdown,

    [JsonStringEnumMemberName("guest-reset")]
    GuestReset,

    [JsonStringEnumMemberName("guest-panic")]
    GuestPanic,

    [JsonStringEnumMemberName("subsystem-reset")]
    SubsystemReset,

    [JsonStringEnumMemberName("snapshot-load")]
    SnapshotLoad,
}
