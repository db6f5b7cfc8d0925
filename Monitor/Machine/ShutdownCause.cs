namespace Emu.Monitor.Machine;

/// <summary>qapi/run-state.json ShutdownCause: the <c>reason</c> of SHUTDOWN and RESET events.</summary>
public enum ShutdownCause
{
    None,
    HostError,
    HostQmpQuit,
    HostQmpSystemReset,
    HostSignal,
    HostUi,
    GuestShutdown,
    GuestReset,
    GuestPanic,
    SubsystemReset,
    SnapshotLoad,
}
