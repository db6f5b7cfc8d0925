using Emu.Monitor.Block;
using Emu.Monitor.Commands;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Hmp;

/// <summary>
/// The HMP commands human-monitor-command runs (spec qmp.md 5.21): <c>info block|status|snapshots|
/// version|name</c>, <c>stop</c>, <c>cont</c>, <c>system_reset</c>, <c>system_powerdown</c>,
/// <c>eject [-f] DEVICE</c>, <c>sendkey KEYS [HOLD_TIME]</c>. Output lines end in LF here; the monitor turns them into CR LF. HMP
/// errors are text (<c>Error: ...</c>), not QMP errors. Runs on the machine thread.
/// </summary>
public static class HumanMonitor
{
    public static string Execute(MonitorServices services, string commandLine)
    {
        string[] words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            return words[0] switch
            {
                "info" when words.Length >= 2 => Info(services, words),
                "stop" => Run(() => RunStateCommands.Stop(services)),
                "c" or "cont" => Cont(services),
                "system_reset" => Run(() => RunStateCommands.Reset(services)),
                "system_powerdown" => Run(() => RunStateCommands.Powerdown(services)),
                "eject" => Eject(services, words),
                "sendkey" => HmpSendKey.Execute(services, words),
                _ => $"unknown command: '{words[0]}'\n",
            };
        }
        catch (QmpException e)
        {
            return "Error: " + e.Error.Desc + "\n";
        }
    }

    private static string Run(Func<QmpEmpty> action)
    {
        action();
        return string.Empty;
    }

    private static string Cont(MonitorServices services)
    {
        QmpOutcome<QmpEmpty> outcome = RunStateCommands.Cont(services);
        return outcome.Error is { } error ? "Error: " + error.Desc + "\n" : string.Empty;
    }

    private static string Eject(MonitorServices services, string[] words)
    {
        bool force = words.Length > 1 && words[1] == "-f";
        int at = force ? 2 : 1;
        if (words.Length <= at)
        {
            return "Parameter 'device' is missing\n";
        }

        MediaOperations.Eject(services.Drives, words[at], null, force);
        return string.Empty;
    }

    private static string Info(MonitorServices services, string[] words)
    {
        switch (words[1])
        {
            case "block":
                return InfoBlockFormatter.Format(BlockInfoBuilder.Build(services.Drives), words.Length > 2 ? words[2] : null);
            case "status":
                string state = RunStateCommands.StateName(services.Machine.RunState);
                return state switch
                {
                    "running" => "VM status: running\n",
                    "paused" => "VM status: paused\n",
                    _ => $"VM status: paused ({state})\n",
                };
            case "snapshots":
                return InfoSnapshotsFormatter.Format(services.Drives.Drives);
            case "version":
                MonitorIdentity id = services.Identity;
                return $"{id.Major}.{id.Minor}.{id.Micro}{id.Package}\n";
            case "name":
                return services.Identity.Name is { } name ? name + "\n" : string.Empty;
            default:
                return $"unknown command: 'info {words[1]}'\n";
        }
    }
}
