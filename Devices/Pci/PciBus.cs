using Emu.Core.Io;
using Emu.Core.Memory;

namespace Emu.Devices.Pci;

/// <summary>
/// PCI bus 0: up to 32 slots × 8 functions, reached by configuration cycles
/// (<see cref="ReadConfig"/>/<see cref="WriteConfig"/>, driven by <see cref="PciConfigPorts"/>).
/// It places each function's BARs in the port and memory spaces as the command register and the
/// BAR values say (QEMU <c>pci_update_mappings</c>), and routes each function's interrupt pin to
/// one of PIRQA-D by the rotation every PC chipset uses: PIRQ = (pin − 1 + slot − 1) mod 4, so
/// slot 1 INTA is PIRQA and slot 2 INTA is PIRQB (QEMU <c>pci_slot_get_pirq</c> for PIIX).
/// A BAR placed over ports or memory someone else decodes is left unmapped instead.
/// </summary>
public sealed class PciBus
{
    private const int PirqCount = 4;

    private readonly PciFunction?[] _functions = new PciFunction?[256];
    private readonly IoBus _io;
    private readonly PhysicalMemory _memory;
    private readonly int[] _pirqAsserted = new int[PirqCount];

    public PciBus(IoBus io, PhysicalMemory memory)
    {
        _io = io;
        _memory = memory;
    }

    /// <summary>Receives PIRQA-D (the PIIX3 ISA bridge). Without one, interrupts go nowhere.</summary>
    public IPciInterruptRouter? Router { get; set; }

    /// <summary>Every function, by slot then function number.</summary>
    public IEnumerable<PciFunction> Functions => _functions.Where(f => f is not null)!;

    /// <summary>Places <paramref name="function"/> at <paramref name="address"/>.</summary>
    /// <exception cref="InvalidOperationException">The address is taken or the function is already on a bus (a machine-build error).</exception>
    public void Add(PciAddress address, PciFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (_functions[address.Devfn] is { } existing)
        {
            throw new InvalidOperationException($"PCI {address} is taken by {existing.StateName}");
        }

        if (function.Bus is not null)
        {
            throw new InvalidOperationException($"{function.StateName} is already on a bus");
        }

        _functions[address.Devfn] = function;
        function.Address = address;
        function.Bus = this;
        UpdateMappings(function);
        UpdateIrq(function);
    }

    public PciFunction? Find(PciAddress address) => _functions[address.Devfn];

    /// <summary>A configuration read; an absent function reads all ones (master abort).</summary>
    public uint ReadConfig(int devfn, int offset, int size)
    {
        PciFunction? function = _functions[devfn & 0xFF];
        if (function is null)
        {
            return size == 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1;
        }

        return function.ReadConfig(offset & 0xFF, size);
    }

    /// <summary>A configuration write; to an absent function it is dropped.</summary>
    public void WriteConfig(int devfn, int offset, uint value, int size) =>
        _functions[devfn & 0xFF]?.WriteConfig(offset & 0xFF, value, size);

    /// <summary>Moves the function's BARs to where its config space now places them.</summary>
    internal void UpdateMappings(PciFunction function)
    {
        foreach (PciBar? bar in function.Bars)
        {
            if (bar is null)
            {
                continue;
            }

            uint? wanted = DecodedAddress(function, bar);
            if (wanted == bar.MappedAt)
            {
                continue;
            }

            Unmap(bar);
            if (wanted is { } address)
            {
                Map(bar, address);
            }
        }
    }

    /// <summary>Recomputes the PIRQ the function's pin drives (its level, gated by INTx disable).</summary>
    internal void UpdateIrq(PciFunction function)
    {
        if (function.Pin == PciInterruptPin.None || function.Bus != this)
        {
            return;
        }

        bool now = function.IrqLevel && (function.Command & PciConfig.CommandIntxDisable) == 0;
        if (now == function.DrivingPirq)
        {
            return;
        }

        function.DrivingPirq = now;
        int pirq = PirqOf(function.Address, function.Pin);
        bool before = _pirqAsserted[pirq] > 0;
        _pirqAsserted[pirq] += now ? 1 : -1;
        bool after = _pirqAsserted[pirq] > 0;
        if (before != after)
        {
            Router?.SetPirqLevel(pirq, after);
        }
    }

    /// <summary>The PIRQ (0 = A ... 3 = D) that <paramref name="pin"/> of the function at <paramref name="address"/> drives.</summary>
    public static int PirqOf(PciAddress address, PciInterruptPin pin) => ((int)pin - 1 + address.Slot - 1) & (PirqCount - 1);

    /// <summary>Where a BAR decodes now, or null (QEMU <c>pci_bar_address</c>).</summary>
    private static uint? DecodedAddress(PciFunction function, PciBar bar)
    {
        ushort command = function.Command;
        uint raw = function.ReadConfig32(bar.ConfigOffset);
        bool enabled = bar.Kind switch
        {
            PciBarKind.Io => (command & PciConfig.CommandIo) != 0,
            PciBarKind.Rom => (command & PciConfig.CommandMemory) != 0 && (raw & PciConfig.RomEnable) != 0,
            _ => (command & PciConfig.CommandMemory) != 0,
        };
        if (!enabled)
        {
            return null;
        }

        uint address = raw & ~(bar.Size - 1);
        ulong last = (ulong)address + bar.Size - 1;
        if (address == 0 || last >= uint.MaxValue || (bar.Kind == PciBarKind.Io && last > 0xFFFF))
        {
            return null;
        }

        return address;
    }

    private void Map(PciBar bar, uint address)
    {
        if (bar.Kind == PciBarKind.Io)
        {
            if (!_io.IsRangeFree((int)address, (int)bar.Size))
            {
                return;
            }

            _io.Claim((ushort)address, (int)bar.Size, bar.Io!, $"pci-bar{bar.Index}", bar.IoWidths);
            bar.MappedAt = address;
        }
        else if (_memory.TryMapMovableMmio(address, bar.Size, bar.Memory!))
        {
            bar.MappedAt = address;
        }
    }

    private void Unmap(PciBar bar)
    {
        if (bar.MappedAt is not { } address)
        {
            return;
        }

        if (bar.Kind == PciBarKind.Io)
        {
            _io.Release((ushort)address, (int)bar.Size);
        }
        else
        {
            _memory.UnmapMovableMmio(address, bar.Size, bar.Memory!);
        }

        bar.MappedAt = null;
    }
}
