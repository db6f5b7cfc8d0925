using System.Text.Json.Nodes;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Machine;

/// <summary>
/// The event sink the App calls for things the machine does by itself (spec qmp.md 4): a guest or
/// signal-initiated SHUTDOWN, a guest RESET, a STOP after power-off with -no-shutdown. Safe from
/// any thread; events reach every negotiated client.
/// </summary>
public sealed class MachineEvents
{
    private readonly QmpEventHub _hub;

    public MachineEvents(QmpEventHub hub)
    {
        _hub = hub;
    }

    /// <summary>SHUTDOWN {"guest", "reason"}: guest ACPI power-off (GuestShutdown), SIGTERM/SIGINT (HostSignal), ...</summary>
    public void Shutdown(ShutdownCause cause) => _hub.Emit("SHUTDOWN", CauseData(cause));

    /// <summary>RESET {"guest", "reason"}: a guest-initiated reset is <see cref="ShutdownCause.GuestReset"/>.</summary>
    public void Reset(ShutdownCause cause) => _hub.Emit("RESET", CauseData(cause));

    /// <summary>STOP: the VM stopped by itself (guest power-off under -no-shutdown).</summary>
    public void Stop() => _hub.Emit("STOP", null);

    public void Resume() => _hub.Emit("RESUME", null);

    public void Powerdown() => _hub.Emit("POWERDOWN", null);

    /// <summary>Any other event (name and data members in QEMU's order).</summary>
    public void Emit(string name, JsonObject? data) => _hub.Emit(name, data);

    /// <summary>QEMU shutdown_caused_by_guest: the guest causes start at guest-shutdown, except subsystem-reset.</summary>
    public static JsonObject CauseData(ShutdownCause cause) => new()
    {
        ["guest"] = cause >= ShutdownCause.GuestShutdown && cause != ShutdownCause.SubsystemReset,
        ["reason"] = CauseName(cause),
    };

    public static string CauseName(ShutdownCause cause) => cause switch
    {
        ShutdownCause.None => "none",
        ShutdownCause.HostError => "host-error",
        ShutdownCause.HostQmpQuit => "host-qmp-quit",
        ShutdownCause.HostQmpSystemReset => "host-qmp-system-reset",
        ShutdownCause.HostSignal => "host-signal",
        ShutdownCause.HostUi => "host-ui",
        ShutdownCause.GuestShutdown => "guest-shutdown",
        ShutdownCause.GuestReset => "guest-reset",
        ShutdownCause.GuestPanic => "guest-panic",
        ShutdownCause.SubsystemReset => "subsystem-reset",
        _ => "snapshot-load",
    };
}
