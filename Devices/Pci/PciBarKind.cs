namespace Emu.Devices.Pci;

/// <summary>What a base address register decodes (PCI Local Bus 3.0, 6.2.5.1).</summary>
public enum PciBarKind
{
    /// <summary>I/O space; bit 0 of the register reads 1.</summary>
    Io,

    /// <summary>32-bit memory space, not prefetchable.</summary>
    Memory,

    /// <summary>32-bit memory space, prefetchable (bit 3 reads 1).</summary>
    PrefetchableMemory,

    /// <summary>The expansion ROM base register at 30h (bit 0 enables decoding).</summary>
    Rom,
}
