using System.Globalization;

namespace Emu.Monitor.Server;

/// <summary>
/// Collects QEMU's monitor options in command-line order and turns them into endpoints:
/// <c>-qmp tcp:HOST:PORT,server=on,wait=off</c>, <c>-qmp unix:PATH,server=on,wait=off</c>,
/// <c>-qmp stdio</c> (also the legacy <c>server,nowait</c> flags), and
/// <c>-chardev socket|stdio,id=X,...</c> with <c>-mon chardev=X,mode=control[,pretty=on]</c>.
/// Throws <see cref="MonitorOptionException"/> for what Emu does not support (client sockets,
/// <c>wait=on</c>, HMP <c>mode=readline</c>).
/// </summary>
public sealed class MonitorCommandLine
{
    private readonly Dictionary<string, Dictionary<string, string>> _chardevs = new(StringComparer.Ordinal);
    private readonly List<MonitorEndpoint> _endpoints = new();
    private int _qmpCount;

    public IReadOnlyList<MonitorEndpoint> Endpoints => _endpoints;

    /// <summary>A <c>-qmp</c> (or <c>-qmp-pretty</c>'s per-monitor form) value.</summary>
    public void AddQmp(string value, bool? pretty = null)
    {
        int before = _endpoints.Count;
        AddQmpEndpoint(value, pretty);

        // QEMU's monitor_parse names each -qmp chardev compat_monitorN, counting -qmp options.
        _endpoints[before] = _endpoints[before] with { Label = $"compat_monitor{_qmpCount++}" };
    }

    private void AddQmpEndpoint(string value, bool? pretty)
    {
        string[] parts = value.Split(',');
        Dictionary<string, string> options = Options(parts.Skip(1));
        string target = parts[0];
        if (target == "stdio")
        {
            _endpoints.Add(new MonitorEndpoint(MonitorTransport.Stdio, null, 0, null, pretty));
            return;
        }

        if (target.StartsWith("unix:", StringComparison.Ordinal))
        {
            options["path"] = target["unix:".Length..];
            _endpoints.Add(Socket(options, value, pretty));
            return;
        }

        if (target.StartsWith("tcp:", StringComparison.Ordinal))
        {
            string address = target["tcp:".Length..];
            int colon = address.LastIndexOf(':');
            if (colon < 0)
            {
                throw new MonitorOptionException($"-qmp {value}: TCP address needs HOST:PORT");
            }

            options["host"] = address[..colon].Trim('[', ']');
            options["port"] = address[(colon + 1)..];
            _endpoints.Add(Socket(options, value, pretty));
            return;
        }

        throw new MonitorOptionException($"-qmp {value}: only tcp:, unix: and stdio monitors are supported");
    }

    /// <summary>A <c>-chardev</c> value; only socket and stdio back a monitor.</summary>
    public void AddChardev(string value)
    {
        string[] parts = value.Split(',');
        Dictionary<string, string> options = Options(parts.Skip(1));
        options["backend"] = parts[0];
        if (!options.TryGetValue("id", out string? id))
        {
            throw new MonitorOptionException($"-chardev {value}: chardev: no id specified");
        }

        _chardevs[id] = options;
    }

    /// <summary>A <c>-mon</c> value: <c>chardev=X,mode=control[,pretty=on]</c>.</summary>
    public void AddMon(string value)
    {
        Dictionary<string, string> options = Options(value.Split(','));
        if (!options.TryGetValue("chardev", out string? id) || !_chardevs.TryGetValue(id, out Dictionary<string, string>? chardev))
        {
            throw new MonitorOptionException($"-mon {value}: chardev \"{options.GetValueOrDefault("chardev")}\" not found");
        }

        if (options.GetValueOrDefault("mode", "readline") != "control")
        {
            throw new MonitorOptionException($"-mon {value}: only mode=control (QMP) monitors are supported");
        }

        bool? pretty = options.TryGetValue("pretty", out string? p) ? IsOn(p) : null;
        switch (chardev["backend"])
        {
            case "stdio":
                _endpoints.Add(new MonitorEndpoint(MonitorTransport.Stdio, null, 0, null, pretty) { Label = id });
                break;
            case "socket":
                _endpoints.Add(Socket(chardev, value, pretty) with { Label = id });
                break;
            default:
                throw new MonitorOptionException($"-mon {value}: chardev backend '{chardev["backend"]}' cannot host a monitor");
        }
    }

    private static MonitorEndpoint Socket(Dictionary<string, string> options, string value, bool? pretty)
    {
        if (!IsOn(options.GetValueOrDefault("server", "off")))
        {
            throw new MonitorOptionException($"{value}: only server=on monitor sockets are supported");
        }

        if (IsOn(options.GetValueOrDefault("wait", "on")) && !options.ContainsKey("nowait"))
        {
            throw new MonitorOptionException($"{value}: wait=on is not supported, use wait=off");
        }

        if (options.TryGetValue("fd", out string? fdText))
        {
            return int.TryParse(fdText, NumberStyles.None, CultureInfo.InvariantCulture, out int fd)
                ? new MonitorEndpoint(MonitorTransport.Unix, null, 0, null, pretty) { InheritedFd = fd }
                : throw new MonitorOptionException($"{value}: Parameter 'fd' expects a file descriptor number");
        }

        if (options.TryGetValue("path", out string? path))
        {
            return new MonitorEndpoint(MonitorTransport.Unix, null, 0, path, pretty);
        }

        if (!options.TryGetValue("port", out string? portText)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new MonitorOptionException($"{value}: invalid or missing port");
        }

        return new MonitorEndpoint(MonitorTransport.Tcp, options.GetValueOrDefault("host", string.Empty), port, null, pretty);
    }

    private static bool IsOn(string v) => v is "on" or "yes" or "true" or "";

    /// <summary>QEMU option syntax: key=value, or a bare flag (<c>server</c>, <c>nowait</c>) meaning on.</summary>
    private static Dictionary<string, string> Options(IEnumerable<string> parts)
    {
        Dictionary<string, string> options = new(StringComparer.Ordinal);
        foreach (string part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            int eq = part.IndexOf('=');
            if (eq < 0)
            {
                if (part == "nowait")
                {
                    options["wait"] = "off";
                }

                options[part] = string.Empty;
            }
            else
            {
                options[part[..eq]] = part[(eq + 1)..];
            }
        }

        return options;
    }
}
