namespace Emu.Monitor.Machine;

/// <summary>
/// The whole machine's state as bytes, for savevm/loadvm: implemented beside
/// <see cref="IMachineControl"/> by a machine that can save every part of itself. Both members run
/// on the machine thread, between instructions.
/// </summary>
public interface IVmStateControl
{
    /// <summary>The CPU, RAM, clock and every device, in Emu's saved-state format.</summary>
    /// <exception cref="VmStateException">A part of the machine cannot be saved.</exception>
    byte[] SaveVmState();

    /// <summary>Loads a state <see cref="SaveVmState"/> produced; a malformed one is refused before anything changes.</summary>
    /// <exception cref="VmStateException">The state is not one this machine can load.</exception>
    void LoadVmState(byte[] state);
}
