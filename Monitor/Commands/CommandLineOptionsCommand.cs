using System.Text.Json.Nodes;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// query-command-line-options (QEMU 7.2 util/qemu-config.c): the key=value options of Emu's
/// command line and the keys Emu's parser (Emulator/App/Options) accepts for each, under QEMU's
/// option-group names (-boot is boot-opts, -smp smp-opts). libvirt reads it at its probe and
/// passes only what is listed: -sandbox is absent because Emu cannot confine itself, so libvirt
/// does not ask for seccomp. Options whose value is not key=value (-m, -device) list no keys.
/// </summary>
public static class CommandLineOptionsCommand
{
    private static readonly (string Option, (string Name, string Type)[] Parameters)[] Options =
    [
        ("machine", [("type", "string"), ("accel", "string"), ("usb", "boolean"), ("dump-guest-core", "boolean"), ("mem-merge", "boolean"), ("vmport", "string")]),
        ("name", [("guest", "string"), ("process", "string"), ("debug-threads", "boolean")]),
        ("msg", [("guest-name", "boolean"), ("timestamp", "boolean")]),
        ("overcommit", [("cpu-pm", "boolean"), ("mem-lock", "boolean")]),
        ("boot-opts", [("strict", "boolean"), ("reboot-timeout", "number"), ("splash-time", "number"), ("splash", "string"), ("menu", "boolean"), ("once", "string"), ("order", "string")]),
        ("smp-opts", [("maxcpus", "number"), ("threads", "number"), ("cores", "number"), ("clusters", "number"), ("dies", "number"), ("sockets", "number"), ("cpus", "number")]),
        ("accel", []),
        ("mon", [("pretty", "boolean"), ("chardev", "string"), ("mode", "string")]),
        ("global", [("value", "string"), ("property", "string"), ("driver", "string")]),
        ("rtc", [("driftfix", "string"), ("clock", "string"), ("base", "string")]),
        ("device", []),
        ("chardev", [("append", "boolean"), ("server", "boolean"), ("wait", "boolean"), ("fd", "string"), ("port", "string"), ("host", "string"), ("path", "string"), ("backend", "string")]),
        ("drive", [("werror", "string"), ("rerror", "string"), ("read-only", "boolean"), ("file", "string"), ("if", "string"), ("media", "string"), ("index", "number"), ("format", "string"), ("cache", "string"), ("snapshot", "boolean"), ("discard", "string")]),
    ];

    /// <summary>The help texts QEMU gives some keys (util/qemu-config.c), by option.key.</summary>
    private static readonly Dictionary<string, string> Help = new(StringComparer.Ordinal)
    {
        ["msg.guest-name"] = "Prepends guest name for error messages but only if -name guest is set otherwise option is ignored\n",
    };

    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddAsync("query-command-line-options", () => json.CommandLineOptionsArguments, () => json.ListJsonObject, (_, args, _) => ValueTask.FromResult(Query(args.Option)));
    }

    private static QmpOutcome<List<JsonObject>> Query(string? option)
    {
        List<JsonObject> result = [];
        foreach ((string name, (string Name, string Type)[] parameters) in Options)
        {
            if (option is not null && option != name)
            {
                continue;
            }

            JsonArray list = [];
            foreach ((string key, string type) in parameters)
            {
                JsonObject parameter = new() { ["name"] = key };
                if (Help.TryGetValue($"{name}.{key}", out string? help))
                {
                    parameter["help"] = help;
                }

                parameter["type"] = type;
                list.Add(parameter);
            }

            result.Add(new JsonObject { ["parameters"] = list, ["option"] = name });
        }

        return result.Count == 0 && option is not null
            ? new QmpError("GenericError", $"invalid option name: {option}")
            : result;
    }
}
