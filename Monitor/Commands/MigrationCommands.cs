using System.Text.Json.Nodes;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// The migration capability flags (QEMU 7.2 migration/migration.c): query-migrate-capabilities
/// and migrate-set-capabilities. Emu cannot migrate, so no flag changes what the VM does, but the
/// flags are state a client sets and reads back (libvirt turns on "events" for every domain it
/// starts). Emu never emits a MIGRATION event because no migration ever runs.
/// </summary>
public static class MigrationCommands
{
    /// <summary>QEMU 7.2's MigrationCapability enum, in its order.</summary>
    private static readonly string[] Names =
    [
        "xbzrle", "rdma-pin-all", "auto-converge", "zero-blocks", "compress", "events", "postcopy-ram", "x-colo",
        "release-ram", "block", "return-path", "pause-before-switchover", "multifd", "dirty-bitmaps",
        "postcopy-blocktime", "late-block-activate", "x-ignore-shared", "validate-uuid", "background-snapshot",
        "zero-copy-send", "postcopy-preempt",
    ];

    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddAsync("query-migrate-capabilities", () => json.QmpEmpty, () => json.ListJsonObject, (c, _, _) => Done(Query(States(c.Services))));
        registry.AddAsync("migrate-set-capabilities", () => json.MigrateSetCapabilitiesArguments, () => json.QmpEmpty, (c, args, _) => ValueTask.FromResult(Set(States(c.Services), args)));
    }

    private static ValueTask<QmpOutcome<T>> Done<T>(T value) => ValueTask.FromResult<QmpOutcome<T>>(value);

    /// <summary>One flag per capability for this VM, shared by all its monitors.</summary>
    private static bool[] States(MonitorServices services) => services.GetState(_ => new CapabilityStates()).Flags;

    private sealed class CapabilityStates
    {
        public bool[] Flags { get; } = new bool[Names.Length];
    }

    private static List<JsonObject> Query(bool[] states)
    {
        lock (states)
        {
            return Names.Select((name, i) => new JsonObject { ["state"] = states[i], ["capability"] = name }).ToList();
        }
    }

    /// <summary>All names are checked before any flag changes, as QEMU's input visitor rejects the whole list.</summary>
    private static QmpOutcome<QmpEmpty> Set(bool[] states, MigrateSetCapabilitiesArguments args)
    {
        foreach (MigrationCapabilityStatus status in args.Capabilities)
        {
            if (Array.IndexOf(Names, status.Capability) < 0)
            {
                return new QmpError("GenericError", $"Parameter 'capability' does not accept value '{status.Capability}'");
            }
        }

        lock (states)
        {
            foreach (MigrationCapabilityStatus status in args.Capabilities)
            {
                states[Array.IndexOf(Names, status.Capability)] = status.State;
            }
        }

        return QmpEmpty.Instance;
    }
}
