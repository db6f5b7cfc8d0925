namespace Emu.Core.Interrupts;

/// <summary>Something with IRQ input pins (the PIC pair). Devices see it only through an <see cref="IrqLine"/>.</summary>
public interface IIrqController
{
    void SetIrqLevel(int irq, bool level);
}
