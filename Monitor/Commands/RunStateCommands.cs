using Emu.Monitor.Commands.Model;
using Emu.Monitor.Machine;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>query-status, stop, cont, system_reset, system_powerdown, quit (spec qmp.md 5.3, 5.5).</summary>
public static class RunStateCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("query-status", () => json.QmpEmpty, () => json.StatusInfo, (c, _) => QueryStatus(c.Services.Machine));
        registry.AddOnMachine("stop", () => json.QmpEmpty, () => json.QmpEmpty, (c, _) => Stop(c.Services));
        registry.AddOnMachine("cont", () => json.QmpEmpty, () => json.QmpEmpty, (c, _) => Cont(c.Services));
        registry.AddOnMachine("system_reset", () => json.QmpEmpty, () => json.QmpEmpty, (c, _) => Reset(c.Services));
        registry.AddOnMachine("system_powerdown", () => json.QmpEmpty, () => json.QmpEmpty, (c, _) => Powerdown(c.Services));
        registry.AddAsync("quit", () => json.QmpEmpty, () => json.QmpEmpty, (c, _, _) => QuitAsync(c.Services));
    }

    public static string StateName(RunState state) => state switch
    {
        RunState.Prelaunch => "prelaunch",
        RunState.Running => "running",
        RunState.Paused => "paused",
        RunState.IoError => "io-error",
        _ => "shutdown",
    };

    public static StatusInfo QueryStatus(IMachineControl machine)
    {
        RunState state = machine.RunState;
        return new StatusInfo(StateName(state), SingleStep: false, Running: state == RunState.Running);
    }

    /// <summary>STOP only when the VM was running; a stopped VM keeps its state (prelaunch stays prelaunch).</summary>
    public static QmpEmpty Stop(MonitorServices services)
    {
        if (services.Machine.RunState == RunState.Running)
        {
            services.Machine.Pause();
            services.Events.Emit("STOP", null);
        }

        return QmpEmpty.Instance;
    }

    /// <summary>QEMU qmp_cont: a VM that powered off needs a reset first; a running VM is left alone.</summary>
    public static QmpOutcome<QmpEmpty> Cont(MonitorServices services)
    {
        RunState state = services.Machine.RunState;
        if (state == RunState.Shutdown)
        {
            return QmpError.Generic("Resetting the Virtual Machine is required");
        }

        if (state != RunState.Running)
        {
            services.Machine.Resume();
            services.Events.Emit("RESUME", null);
        }

        return QmpEmpty.Instance;
    }

    public static QmpEmpty Reset(MonitorServices services)
    {
        services.Machine.Reset();
        services.Events.Emit("RESET", MachineEvents.CauseData(ShutdownCause.HostQmpSystemReset));
        return QmpEmpty.Instance;
    }

    public static QmpEmpty Powerdown(MonitorServices services)
    {
        services.Events.Emit("POWERDOWN", null);
        services.Machine.PowerDown();
        return QmpEmpty.Instance;
    }

    /// <summary>
    /// SHUTDOWN first, then the stop work's events (QEMU 7.2 deletes the NBD exports between the
    /// event and the reply: nbd.md 8.1), then the reply; the machine ends once the reply is queued.
    /// </summary>
    public static async ValueTask<QmpOutcome<QmpEmpty>> QuitAsync(MonitorServices services)
    {
        services.Events.Emit("SHUTDOWN", MachineEvents.CauseData(ShutdownCause.HostQmpQuit));
        await services.RunStopHooksAsync().ConfigureAwait(false);
        services.RequestQuit();
        return QmpEmpty.Instance;
    }
}
