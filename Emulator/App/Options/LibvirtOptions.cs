using System.Globalization;

namespace Emu.App.Options;

/// <summary>
/// The QEMU options libvirt passes on every domain's command line (qemu-options.hx): honoured
/// where Emu has the feature, refused with QEMU's error text where it has not.
/// </summary>
internal static class LibvirtOptions
{
    public static void Apply(EmuOptions options, string option, string value)
    {
        string source = $"{option} {value}";
        switch (option)
        {
            case "-uuid":
                options.Uuid = Guid.TryParseExact(value, "D", out Guid uuid)
                    ? uuid
                    : throw new OptionException($"{source}: failed to parse UUID string: wrong format");
                break;
            case "-cpu":
                CheckCpu(value);
                options.Cpu = value;
                break;
            case "-smp":
                CheckSmp(source, value);
                break;
            case "-msg":
                foreach ((string key, string val) in KeyValues.Parse(source, value))
                {
                    bool on = key is "timestamp" or "guest-name"
                        ? KeyValues.ParseBool(source, key, val)
                        : throw new OptionException($"{source}: Invalid parameter '{key}'");
                    if (key == "timestamp")
                    {
                        options.MessageTimestamps = on;
                    }
                }

                break;
            case "-overcommit":
                foreach ((string key, string val) in KeyValues.Parse(source, value))
                {
                    bool on = key is "mem-lock" or "cpu-pm"
                        ? KeyValues.ParseBool(source, key, val)
                        : throw new OptionException($"{source}: Invalid parameter '{key}'");
                    if (on)
                    {
                        throw new OptionException($"{source}: Emu cannot lock guest memory or pass CPU power management through; only {key}=off is supported");
                    }
                }

                break;
            case "-sandbox":
                CheckSandbox(source, value);
                break;
        }
    }

    /// <summary>
    /// What QEMU refuses under <c>-daemonize</c> (vl.c qemu_maybe_daemonize, chardev/char-stdio.c):
    /// <c>-nographic</c> while the default serial port and monitor would use stdio, and any stdio
    /// character device, since the daemon's standard streams are /dev/null.
    /// </summary>
    public static void CheckDaemonize(EmuOptions options)
    {
        if (!options.Daemonize)
        {
            return;
        }

        if (options.Display == DisplayMode.NoGraphic && !options.NoDefaults && options.Serial.Count == 0)
        {
            throw new OptionException("-nographic cannot be used with -daemonize");
        }

        foreach (string serial in options.Serial)
        {
            if (serial is "stdio" or "mon:stdio")
            {
                throw new OptionException($"-serial {serial}: cannot use stdio with -daemonize");
            }
        }

        foreach (string qmp in options.Monitor.Qmp.Concat(options.Monitor.QmpPretty))
        {
            if (KeyValues.Split(qmp)[0] == "stdio")
            {
                throw new OptionException($"-qmp {qmp}: cannot use stdio with -daemonize");
            }
        }

        foreach (string chardev in options.Monitor.Chardevs)
        {
            if (KeyValues.Split(chardev)[0] == "stdio")
            {
                throw new OptionException($"-chardev {chardev}: cannot use stdio with -daemonize");
            }
        }
    }

    /// <summary>
    /// <c>-name NAME</c> or <c>-name [guest=]NAME[,process=P][,debug-threads=on|off]</c> (QEMU
    /// vl.c parse_name); the process name and thread naming are host cosmetics Emu accepts.
    /// </summary>
    public static string? ParseName(string source, string value)
    {
        string? name = null;
        foreach (string part in KeyValues.Split(value))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? "guest" : part[..eq];
            string val = eq < 0 ? part : part[(eq + 1)..];
            switch (key)
            {
                case "guest":
                    name = val;
                    break;
                case "process":
                    break;
                case "debug-threads":
                    KeyValues.ParseBool(source, key, val);
                    break;
                default:
                    throw new OptionException($"{source}: Invalid parameter '{key}'");
            }
        }

        return name;
    }

    /// <summary>A model and features Emu knows (QEMU's errors otherwise); warnings wait until the PC is built.</summary>
    private static void CheckCpu(string value)
    {
        try
        {
            Emu.Core.Cpu.Model.CpuModelRequest.Resolve(value, warn: null);
        }
        catch (ArgumentException e)
        {
            throw new OptionException(e.Message);
        }
    }

    /// <summary>One CPU only: QEMU machine.c's text when -smp asks for more than the machine's maximum.</summary>
    private static void CheckSmp(string source, string value)
    {
        foreach (string part in KeyValues.Split(value))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? "cpus" : part[..eq];
            string text = eq < 0 ? part : part[(eq + 1)..];
            if (key is not ("cpus" or "maxcpus" or "sockets" or "dies" or "clusters" or "cores" or "threads"))
            {
                throw new OptionException($"{source}: Invalid parameter '{key}'");
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                throw new OptionException($"Parameter 'smp.{key}' expects integer");
            }

            if (count > 1)
            {
                throw new OptionException($"Invalid SMP CPUs {count}. The max CPUs supported by machine 'pc-i440fx-7.2' is 1");
            }
        }
    }

    /// <summary>Emu is built without seccomp: off is honoured, on gets QEMU's text for such a build (vl.c parse_sandbox).</summary>
    private static void CheckSandbox(string source, string value)
    {
        string first = KeyValues.Split(value)[0];
        string enable = first.StartsWith("enable=", StringComparison.Ordinal) ? first[7..] : first;
        if (KeyValues.ParseBool(source, "enable", enable))
        {
            throw new OptionException("seccomp support is disabled");
        }
    }
}
