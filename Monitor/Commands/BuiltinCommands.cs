using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// Declares every QMP command and event Emu implements. Commands of another Monitor folder are
/// added by implementing one of the partial hooks below in that folder (one file, no edit here):
/// e.g. <c>Monitor/Nbd/NbdQmpCommands.cs</c> holding
/// <c>public static partial class BuiltinCommands { static partial void RegisterNbd(QmpCommandRegistry r) { ... } }</c>
/// in namespace <c>Emu.Monitor.Commands</c>.
/// </summary>
public static partial class BuiltinCommands
{
    public static QmpCommandRegistry CreateRegistry()
    {
        QmpCommandRegistry registry = new();
        QmpJsonContext json = QmpJsonContext.Default;
        CoreCommands.Register(registry);
        RunStateCommands.Register(registry);
        MediaCommands.Register(registry);
        SnapshotCommands.Register(registry);
        ScreenCommands.Register(registry);
        InputCommands.Register(registry);
        PciCommands.Register(registry);
        IntrospectionCommands.Register(registry);
        QomCommands.Register(registry);
        CommandLineOptionsCommand.Register(registry);
        MigrationCommands.Register(registry);
        BlockNodeCommands.Register(registry);
        BlockdevCommands.Register(registry);
        registry.AddEvent("SHUTDOWN", () => json.ShutdownEventData);
        registry.AddEvent("POWERDOWN", () => json.QmpEmpty);
        registry.AddEvent("RESET", () => json.ShutdownEventData);
        registry.AddEvent("STOP", () => json.QmpEmpty);
        registry.AddEvent("RESUME", () => json.QmpEmpty);
        registry.AddEvent("DEVICE_TRAY_MOVED", () => json.TrayMovedEventData);
        RegisterNbd(registry);
        return registry;
    }

    /// <summary>Implemented in Monitor/Nbd when the NBD server is built: adds nbd-server-* and BLOCK_EXPORT_DELETED.</summary>
    static partial void RegisterNbd(QmpCommandRegistry registry);
}
