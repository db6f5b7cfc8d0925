namespace Emu.Devices.Pci;

/// <summary>The interrupt pin a function uses, as config register 3Dh holds it (PCI Local Bus 3.0, 6.2.4).</summary>
public enum PciInterruptPin : byte
{
    None = 0,
    IntA = 1,
    IntB = 2,
    IntC = 3,
    IntD = 4,
}
