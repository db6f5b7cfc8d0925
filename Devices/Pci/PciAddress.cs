namespace Emu.Devices.Pci;

/// <summary>
/// A function's place on bus 0: device (slot, 0-31) and function (0-7), printed as QEMU and
/// Linux do (<c>00:01.1</c>). <see cref="Devfn"/> is the slot × 8 + function byte that
/// configuration mechanism #1 carries in CF8h bits 15-8 (PCI Local Bus 3.0, 3.2.2.3.2).
/// </summary>
public readonly record struct PciAddress
{
    public PciAddress(int slot, int function)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, 31);
        ArgumentOutOfRangeException.ThrowIfNegative(function);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(function, 7);
        Slot = slot;
        Function = function;
    }

    public int Slot { get; }

    public int Function { get; }

    public int Devfn => (Slot << 3) | Function;

    public override string ToString() => $"00:{Slot:x2}.{Function}";
}
