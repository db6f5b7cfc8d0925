namespace Emu.Core.Machine;

/// <summary>Why <see cref="RunLoop.Run"/> returned.</summary>
public enum MachineStopReason
{
    /// <summary>The guest asked for a reset (port 92h, i8042 pulse, triple fault) and rebooting is off (<c>-no-reboot</c>).</summary>
    GuestReset,

    /// <summary>The guest powered the machine off.</summary>
    PowerOff,

    /// <summary>HLT with interrupts disabled: nothing but a reset or an NMI could ever wake the CPU.</summary>
    HaltedForever,

    /// <summary>Someone outside the guest asked the loop to end (<see cref="RunLoop.RequestQuit"/>).</summary>
    Quit,

    /// <summary>The instruction limit given to <see cref="RunLoop.Run"/> was reached.</summary>
    InstructionLimit,
}
