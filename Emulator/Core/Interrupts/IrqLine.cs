namespace Emu.Core.Interrupts;

/// <summary>
/// One interrupt request wire from a device to a controller input (QEMU's <c>qemu_irq</c>).
/// A device raises and lowers it and never sees the PIC or the CPU.
/// </summary>
public sealed class IrqLine
{
    private readonly IIrqController? _controller;

    public IrqLine(IIrqController? controller, int irq)
    {
        _controller = controller;
        Irq = irq;
    }

    /// <summary>A line connected to nothing (a device without an interrupt wired).</summary>
    public static IrqLine Disconnected { get; } = new(null, -1);

    public int Irq { get; }

    public bool Level { get; private set; }

    public void Raise() => Set(true);

    public void Lower() => Set(false);

    public void Set(bool level)
    {
        Level = level;
        _controller?.SetIrqLevel(Irq, level);
    }

    /// <summary>An edge: raise then lower (ISA edge-triggered devices such as the PIT output).</summary>
    public void Pulse()
    {
        Set(true);
        Set(false);
    }
}
