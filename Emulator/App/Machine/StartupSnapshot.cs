using Emu.App.Monitor;
using Emu.Monitor.Block;
using Emu.Monitor.Qmp;

namespace Emu.App.Machine;

/// <summary>
/// <c>-loadvm NAME</c> (QEMU vl.c): before the machine runs, the drives revert to the whole-machine
/// snapshot NAME and the CPU, RAM and devices take its saved state; any failure ends the program
/// with QEMU's message and status 1.
/// </summary>
internal static class StartupSnapshot
{
    public static bool TryLoad(PcMachine machine, string name, bool startPaused, TextWriter errors)
    {
        try
        {
            VmSnapshotOperations.Load(new DriveTable(machine.Drives), new PcMachineControl(machine, startPaused), name);
            return true;
        }
        catch (QmpException e)
        {
            errors.WriteLine($"emu: {e.Error.Desc}");
            return false;
        }
    }
}
