using Emu.Monitor.Block;
using Emu.Monitor.Commands;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Hmp;

/// <summary>
/// The HMP commands human-monitor-command runs (spec qmp.md 5.21): <c>info block|status|snapshots|
/// version|name</c>, <c>stop</c>, <c>cont</c>, <c>system_reset</c>, <c>system_powerdown</c>,
/// <c>eject [-f] DEVICE</c>, <c>savevm [TAG]</c>, <c>loadvm TAG</c>, <c>delvm TAG</c>, <c>sendkey KEYS [HOLD_TIME]</c>, <c>screendump FILENAME [-f ppm|png] [DEVICE [HEAD]]</c>. Output lines end in LF here; the monitor turns them into CR LF. HMP
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
                "screendump" => Screendump(services, words),
                "savevm" or "loadvm" or "delvm" => HmpVmSnapshot.Execute(services, words[0], commandLine.TrimStart()[words[0].Length..]),
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

    /// <summary>QEMU hmp_screendump: "filename:F,format:-fs,device:s?,head:i?".</summary>
    private static string Screendump(MonitorServices services, string[] words)
    {
        List<string> rest = [.. words.Skip(1)];
        string? format = null;
        int flag = rest.IndexOf("-f");
        if (flag >= 0)
        {
            if (flag + 1 >= rest.Count)
            {
                return "Parameter 'format' is missing\n";
            }

            format = rest[flag + 1];
            rest.RemoveRange(flag, 2);
        }

        if (rest.Count == 0)
        {
            return "Parameter 'filename' is missing\n";
        }

        ImageFormat? parsed = format switch
        {
            null or "ppm" => ImageFormat.Ppm,
            "png" => ImageFormat.Png,
            _ => null,
        };
        if (parsed is null)
        {
            return $"Error: Parameter 'format' does not accept value '{format}'\n";
        }

        long? head = null;
        if (rest.Count > 2)
        {
            if (!long.TryParse(rest[2], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value))
            {
                return $"'{rest[2]}' is not a valid integer\n";
            }

            head = value;
        }

        QmpOutcome<QmpEmpty> outcome = ScreenCommands.Screendump(services, new ScreendumpArguments
        {
            FileName = rest[0],
            Device = rest.Count > 1 ? rest[1] : null,
            Head = head,
            Format = parsed,
        });
        return outcome.Error is { } error ? "Error: " + error.Desc + "\n" : string.Empty;
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
