using Emu.Core.Io;
using Emu.Core.Memory;

namespace Emu.Devices.Pci;

/// <summary>
/// One base address register as its function defined it: kind, size (a power of two) and the
/// handler that answers accesses where the guest placed it. <see cref="MappedAt"/> is where the
/// bus decodes it now, or null (PCI Local Bus 3.0, 6.2.5.1; QEMU <c>pci_update_mappings</c>).
/// </summary>
public sealed class PciBar
{
    internal PciBar(int index, PciBarKind kind, uint size, IPortDevice? io, PortWidths ioWidths, IMmioHandler? memory)
    {
        Index = index;
        Kind = kind;
        Size = size;
        Io = io;
        IoWidths = ioWidths;
        Memory = memory;
    }

    /// <summary>0-5 for BAR0-BAR5, <see cref="PciConfig.RomSlot"/> for the ROM BAR.</summary>
    public int Index { get; }

    public PciBarKind Kind { get; }

    public uint Size { get; }

    public IPortDevice? Io { get; }

    public PortWidths IoWidths { get; }

    public IMmioHandler? Memory { get; }

    /// <summary>The config offset of the register (10h + 4 × index, or 30h).</summary>
    public int ConfigOffset => Index == PciConfig.RomSlot ? PciConfig.RomAddress : PciConfig.Bar0 + (4 * Index);

    /// <summary>The low bits that say what the BAR is; they read back whatever the guest writes.</summary>
    public uint TypeBits => Kind switch
    {
        PciBarKind.Io => 0x1,
        PciBarKind.PrefetchableMemory => 0x8,
        _ => 0x0,
    };

    /// <summary>Where the BAR is decoded now (null: not mapped).</summary>
    public uint? MappedAt { get; internal set; }
}
