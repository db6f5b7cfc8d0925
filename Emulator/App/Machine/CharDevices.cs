using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Emu.App.Options;
using Emu.Devices.Serial;

namespace Emu.App.Machine;

/// <summary>
/// QEMU's <c>-chardev BACKEND,id=ID,...</c> as general character backends for devices
/// (<c>-device isa-debugcon,chardev=ID</c>, <c>-serial chardev:ID</c>): <c>file</c> (path=,
/// truncated as QEMU's default append=off), <c>stdio</c>, <c>null</c> and <c>socket</c> as a
/// listening server (path= for a Unix socket, or host=/port=, with server=on; client sockets are
/// not supported). A chardev is opened the first time a device uses it; one that only hosts a
/// QMP monitor (<c>-mon</c>) is left to the monitor.
/// </summary>
internal sealed class CharDevices
{
    private readonly Dictionary<string, (string Source, Dictionary<string, string> Options)> _specs = [];
    private readonly Dictionary<string, ICharBackend> _open = [];
    private readonly IReadOnlyDictionary<int, List<int>> _fdSets;

    public CharDevices(IEnumerable<string> specs, IReadOnlyDictionary<int, List<int>> fdSets)
    {
        _fdSets = fdSets;
        foreach (string spec in specs)
        {
            string source = $"-chardev {spec}";
            List<string> parts = KeyValues.Split(spec);
            Dictionary<string, string> options = [];
            foreach (string part in parts.Skip(1))
            {
                // QEMU still takes the old bare flags: server, nowait, wait.
                (string key, string value) = part switch
                {
                    "server" => ("server", "on"),
                    "nowait" => ("wait", "off"),
                    "wait" => ("wait", "on"),
                    _ => KeyValues.ToPair(source, part),
                };
                options[key] = value;
            }

            options["backend"] = parts.Count > 0 ? parts[0] : string.Empty;
            if (!options.TryGetValue("id", out string? id))
            {
                throw new OptionException($"{source}: chardev: no id specified");
            }

            if (!_specs.TryAdd(id, (source, options)))
            {
                throw new OptionException($"{source}: attempt to add duplicate property 'id' to object (type 'container')");
            }
        }
    }

    /// <summary>The backend of chardev <paramref name="id"/>, opened once; <paramref name="user"/> names the option for errors.</summary>
    public ICharBackend Open(string id, string user, MachineHost host, Action<IDisposable> own)
    {
        if (_open.TryGetValue(id, out ICharBackend? open))
        {
            return open;
        }

        if (!_specs.TryGetValue(id, out (string Source, Dictionary<string, string> Options) spec))
        {
            throw new OptionException($"{user}: Property 'chardev' can't find value '{id}'");
        }

        ICharBackend backend = Create(spec.Source, spec.Options, host, own, _fdSets);
        _open[id] = backend;
        return backend;
    }

    private static ICharBackend Create(string source, Dictionary<string, string> options, MachineHost host, Action<IDisposable> own, IReadOnlyDictionary<int, List<int>> fdSets)
    {
        switch (options["backend"])
        {
            case "null":
                return new NullCharBackend();
            case "stdio":
                if (host.Stdio is StdioCharBackend stdio)
                {
                    stdio.StartInput();
                }

                return host.Stdio ?? new NullCharBackend();
            case "file":
                string path = options.GetValueOrDefault("path") ?? throw new OptionException($"{source}: chardev: file: no filename given");
                try
                {
                    FileCharBackend file = FdSetFile.TryOpen(path, fdSets, out Microsoft.Win32.SafeHandles.SafeFileHandle? handle)
                        ? new FileCharBackend(handle!)
                        : new FileCharBackend(path);
                    own(file);
                    return file;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new OptionException($"{source}: Could not open '{path}': {e.Message}");
                }

            case "socket":
                SocketCharBackend socket = OpenSocket(source, options);
                own(socket);
                return socket;
            default:
                throw new OptionException($"{source}: chardev backend '{options["backend"]}' is not supported (file, stdio, null, socket)");
        }
    }

    private static SocketCharBackend OpenSocket(string source, Dictionary<string, string> options)
    {
        if (!options.TryGetValue("server", out string? server) || !KeyValues.ParseBool(source, "server", server))
        {
            throw new OptionException($"{source}: only server sockets (server=on) are supported for devices");
        }

        try
        {
            if (options.TryGetValue("path", out string? path))
            {
                return SocketCharBackend.ListenUnix(path);
            }

            string hostName = options.GetValueOrDefault("host", "0.0.0.0");
            if (!options.TryGetValue("port", out string? portText)
                || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                throw new OptionException($"{source}: chardev: socket: no port or path given");
            }

            IPAddress address = IPAddress.TryParse(hostName, out IPAddress? parsed) ? parsed : Dns.GetHostAddresses(hostName)[0];
            return SocketCharBackend.ListenTcp(address, port);
        }
        catch (SocketException e)
        {
            throw new OptionException($"{source}: Failed to bind socket: {e.Message}");
        }
    }
}
