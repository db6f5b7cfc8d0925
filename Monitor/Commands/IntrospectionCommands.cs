using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Emu.Monitor.Machine;
using Emu.Monitor.Qmp;
using Emu.Monitor.Server;

namespace Emu.Monitor.Commands;

/// <summary>
/// What a client asks to learn the machine (QEMU 7.2 qapi/machine.json, machine-target.json,
/// char.json, misc.json), answered from <see cref="MachineDescription"/> in QEMU's shapes and
/// member order. query-events is absent as in QEMU 7.2 (removed in 6.0; clients read
/// query-qmp-schema, which lists Emu's events).
/// </summary>
public static partial class IntrospectionCommands
{
    /// <summary>Character device backends Emu's command line can create (-serial, -chardev, -qmp).</summary>
    private static readonly string[] ChardevBackends = ["file", "null", "socket", "stdio"];

    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddAsync("query-target", () => json.QmpEmpty, () => json.JsonObject, (_, _, _) => Done(new JsonObject { ["arch"] = "i386" }));

        // Emu has no KVM support at all, so it is neither enabled nor present (QEMU: present = built with KVM).
        registry.AddAsync("query-kvm", () => json.QmpEmpty, () => json.JsonObject, (_, _, _) => Done(new JsonObject { ["enabled"] = false, ["present"] = false }));
        registry.AddAsync("query-uuid", () => json.QmpEmpty, () => json.JsonObject, (c, _, _) =>
            Done(new JsonObject { ["UUID"] = (c.Services.Description.Uuid ?? Guid.Empty).ToString("D", CultureInfo.InvariantCulture) }));
        registry.AddAsync("query-machines", () => json.QmpEmpty, () => json.ListJsonObject, (_, _, _) => Done(Machines()));
        registry.AddAsync("query-cpu-definitions", () => json.QmpEmpty, () => json.ListJsonObject, (_, _, _) => Done(CpuDefinitions()));
        registry.AddOnMachine("query-cpus-fast", () => json.QmpEmpty, () => json.ListJsonObject, (_, _) => CpusFast());
        registry.AddAsync("query-hotpluggable-cpus", () => json.QmpEmpty, () => json.ListJsonObject, (_, _, _) => Done(HotpluggableCpus()));
        registry.AddAsync("query-memory-size-summary", () => json.QmpEmpty, () => json.JsonObject, (c, _, _) =>
            Done(new JsonObject { ["base-memory"] = c.Services.Description.RamBytes, ["plugged-memory"] = 0 }));
        registry.AddAsync("query-chardev", () => json.QmpEmpty, () => json.ListJsonObject, (c, _, _) => Done(Chardevs(c.Services)));
        registry.AddAsync("query-chardev-backends", () => json.QmpEmpty, () => json.ListJsonObject, (_, _, _) =>
            Done(ChardevBackends.Select(b => new JsonObject { ["name"] = b }).ToList()));

        // No iothread objects, no migration, no balloon device: QEMU's answers for a machine without them.
        registry.AddAsync("query-iothreads", () => json.QmpEmpty, () => json.ListJsonObject, (_, _, _) => Done(new List<JsonObject>()));
        registry.AddAsync("query-migrate", () => json.QmpEmpty, () => json.JsonObject, (_, _, _) => Done(new JsonObject()));
        registry.AddAsync("query-balloon", () => json.QmpEmpty, () => json.JsonObject, (_, _, _) =>
            ValueTask.FromResult<QmpOutcome<JsonObject>>(new QmpError("DeviceNotActive", "No balloon device has been activated")));
    }

    private static ValueTask<QmpOutcome<T>> Done<T>(T value) => ValueTask.FromResult<QmpOutcome<T>>(value);

    /// <summary>
    /// pc is QEMU's alias of pc-i440fx-7.2 and the default. Where Emu differs from QEMU it says so:
    /// one CPU at most (QEMU's pc takes 255) and qemu32 also on isapc (QEMU's isapc defaults to 486).
    /// </summary>
    private static List<JsonObject> Machines() =>
    [
        new JsonObject
        {
            ["hotpluggable-cpus"] = true, ["name"] = "pc-i440fx-7.2", ["numa-mem-supported"] = false,
            ["default-cpu-type"] = "qemu32-i386-cpu", ["is-default"] = true, ["cpu-max"] = 1,
            ["deprecated"] = false, ["default-ram-id"] = "pc.ram", ["alias"] = "pc",
        },
        new JsonObject
        {
            ["hotpluggable-cpus"] = true, ["name"] = "isapc", ["numa-mem-supported"] = false,
            ["default-cpu-type"] = "qemu32-i386-cpu", ["cpu-max"] = 1,
            ["deprecated"] = false, ["default-ram-id"] = "pc.ram",
        },
    ];

    /// <summary>The one model Emu emulates, under QEMU's versioned name and its alias.</summary>
    private static List<JsonObject> CpuDefinitions() =>
    [
        CpuDefinition(MachineDescription.CpuModel + "-v1", null),
        CpuDefinition(MachineDescription.CpuModel, MachineDescription.CpuModel + "-v1"),
    ];

    private static JsonObject CpuDefinition(string name, string? aliasOf)
    {
        JsonObject entry = new() { ["name"] = name, ["typename"] = name + "-i386-cpu", ["unavailable-features"] = new JsonArray() };
        if (aliasOf is not null)
        {
            entry["alias-of"] = aliasOf;
        }

        entry["static"] = false;
        entry["migration-safe"] = true;
        entry["deprecated"] = false;
        return entry;
    }

    /// <summary>Runs on the machine thread, which executes the one vCPU: its host thread id is QEMU's thread-id.</summary>
    private static List<JsonObject> CpusFast() =>
    [
        new JsonObject
        {
            ["thread-id"] = CurrentThreadId(), ["props"] = CpuProps(), ["qom-path"] = CpuQomPath,
            ["cpu-index"] = 0, ["target"] = "i386",
        },
    ];

    private static List<JsonObject> HotpluggableCpus() =>
    [
        new JsonObject
        {
            ["props"] = CpuProps(), ["vcpus-count"] = 1, ["qom-path"] = CpuQomPath,
            ["type"] = MachineDescription.CpuModel + "-i386-cpu",
        },
    ];

    /// <summary>The vCPU is the first device QEMU's pc machine creates without a parent.</summary>
    private const string CpuQomPath = "/machine/unattached/device[0]";

    private static JsonObject CpuProps() => new() { ["core-id"] = 0, ["thread-id"] = 0, ["socket-id"] = 0 };

    /// <summary>Monitors (QEMU labels -qmp ones compat_monitorN) then the machine's other character devices.</summary>
    private static List<JsonObject> Chardevs(MonitorServices services)
    {
        List<JsonObject> result = new();
        foreach (MonitorEndpoint endpoint in services.Endpoints)
        {
            result.Add(Chardev(endpoint.Label ?? string.Empty, ChardevFilename(endpoint, services.PeerOf(endpoint)), frontendOpen: true));
        }

        foreach (ChardevDescription chardev in services.Description.Chardevs)
        {
            result.Add(Chardev(chardev.Label, chardev.Filename, chardev.FrontendOpen));
        }

        return result;
    }

    private static JsonObject Chardev(string label, string filename, bool frontendOpen) =>
        new() { ["frontend-open"] = frontendOpen, ["filename"] = filename, ["label"] = label };

    /// <summary>
    /// QEMU char-socket.c's filename of a server socket: "disconnected:" while no client is
    /// connected, and for TCP the client's address after " &lt;-&gt; " while one is.
    /// </summary>
    private static string ChardevFilename(MonitorEndpoint endpoint, string? peer)
    {
        string address = endpoint.Transport switch
        {
            MonitorTransport.Unix => $"unix:{endpoint.Path},server=on",
            MonitorTransport.Tcp => $"tcp:{endpoint.Host}:{endpoint.Port},server=on",
            _ => "stdio",
        };
        return endpoint.Transport switch
        {
            MonitorTransport.Stdio => address,
            _ when peer is null => "disconnected:" + address,
            _ when peer.Length > 0 => $"{address} <-> {peer}",
            _ => address,
        };
    }

    private static long CurrentThreadId() => OperatingSystem.IsLinux() ? Gettid() : Environment.CurrentManagedThreadId;

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int Gettid();
}
