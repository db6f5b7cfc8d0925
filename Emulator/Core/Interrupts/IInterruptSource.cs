namespace Emu.Core.Interrupts;

/// <summary>
/// The CPU's INTR pin and interrupt-acknowledge cycle, as the master PIC drives them.
/// The CPU polls <see cref="IntrAsserted"/> between blocks while IF=1 and, when set, calls
/// <see cref="Acknowledge"/> to get the vector (8259A INTA sequence).
/// </summary>
public interface IInterruptSource
{
    bool IntrAsserted { get; }

    byte Acknowledge();
}
