using Emu.Monitor.Nbd;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>Adds the NBD server's commands and event to the QMP registry (the hook in BuiltinCommands).</summary>
public static partial class BuiltinCommands
{
    static partial void RegisterNbd(QmpCommandRegistry registry) => NbdQmpCommands.Register(registry);
}
