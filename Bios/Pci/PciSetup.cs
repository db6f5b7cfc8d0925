using Emu.Core.Io;

namespace Emu.Bios.Pci;

/// <summary>
/// Sets bus 0 up as SeaBIOS 1.16 does on QEMU's i440FX machine (src/fw/pciinit.c; spec
/// pc-pci-acpi.md section 2), through configuration cycles only, so guests and tools find the
/// same values: every function's BARs are sized and assigned (I/O from C000h upward, memory
/// below FEC00000h, each region in order of decreasing size, equal sizes in bus order), each
/// function with an interrupt pin gets the line its PIRQ is routed to (PIRQA-D = IRQ 10, 10,
/// 11, 11), I/O, memory and SERR are enabled in every command register, and the chipset
/// functions get their own setup from <see cref="DeviceSetups"/>. A machine without a host
/// bridge at 00:00.0 (isapc) is left alone.
/// </summary>
public sealed class PciSetup
{
    public const uint IoBase = 0xC000;
    public const uint MemoryEnd = 0xFEC0_0000;

    /// <summary>The IRQ each PIRQ is routed to (SeaBIOS <c>pci_irqs</c>).</summary>
    public static readonly byte[] PirqIrqs = [10, 10, 11, 11];

    private const ushort CommandIo = 0x0001;
    private const ushort CommandMemory = 0x0002;
    private const ushort CommandSerr = 0x0100;
    private const int Elcr1 = 0x4D0;

    private readonly IoBus _io;
    private readonly PciConfigCycles _config;
    private readonly Action<string>? _log;

    public PciSetup(IoBus io, Action<string>? log = null)
    {
        _io = io;
        _config = new PciConfigCycles(io);
        _log = log;
    }

    /// <summary>
    /// Per-device setup by vendor:device (SeaBIOS <c>pci_device_tbl</c>), run after the BARs are
    /// assigned. A chipset function that needs its own programming (the PIIX4 power-management
    /// function's PM base at 600h, for one) adds its entry here.
    /// </summary>
    public static IReadOnlyDictionary<uint, Action<PciSetup, int>> DeviceSetups { get; } = new Dictionary<uint, Action<PciSetup, int>>
    {
        [Id(0x8086, 0x7000)] = static (setup, devfn) => setup.SetUpPiixIsaBridge(devfn),
        [Id(0x8086, 0x7010)] = static (setup, devfn) => setup.SetUpPiixIde(devfn),
        [Id(0x8086, 0x7113)] = static (setup, devfn) => setup.SetUpPiix4Pm(devfn),
    };

    /// <summary>The config cycles, for <see cref="DeviceSetups"/> entries.</summary>
    public PciConfigCycles Config => _config;

    /// <summary>The functions found, as (devfn, vendor:device), in bus order.</summary>
    public List<(int Devfn, uint Id)> Found { get; } = [];

    /// <summary>Every BAR assignment made, in SeaBIOS's order: (devfn, BAR index or 6 for the ROM, address).</summary>
    public List<(int Devfn, int Bar, uint Address)> Assigned { get; } = [];

    public static uint Id(ushort vendor, ushort device) => ((uint)device << 16) | vendor;

    /// <summary>Runs the whole setup; returns false (doing nothing) without a PCI host bridge.</summary>
    public bool Run()
    {
        if (_config.Read16(0, 0) == 0xFFFF)
        {
            return false;
        }

        Probe();
        AssignBars();
        foreach ((int devfn, uint id) in Found)
        {
            // SeaBIOS pci_bios_init_device: the PIRQ line first, then the device's own setup (which
            // may override it: the PIIX4 PM's SCI is wired to IRQ 9).
            byte pin = _config.Read8(devfn, 0x3D);
            if (pin != 0)
            {
                _config.Write8(devfn, 0x3C, PirqIrqs[(pin - 1 + (devfn >> 3) - 1) & 3]);
            }

            if (DeviceSetups.TryGetValue(id, out Action<PciSetup, int>? setup))
            {
                setup(this, devfn);
            }

            ushort command = _config.Read16(devfn, 0x04);
            _config.Write16(devfn, 0x04, (ushort)(command | CommandIo | CommandMemory | CommandSerr));
        }

        return true;
    }

    private void Probe()
    {
        for (int devfn = 0; devfn < 256; devfn++)
        {
            uint id = _config.Read32(devfn, 0);
            if ((ushort)id == 0xFFFF || (ushort)id == 0)
            {
                continue;
            }

            Found.Add((devfn, id));

            // A function 0 without the multi-function bit has no siblings.
            if ((devfn & 7) == 0 && (_config.Read8(devfn, 0x0E) & 0x80) == 0)
            {
                devfn += 7;
            }
        }

        _log?.Invoke($"Found {Found.Count} PCI devices (max PCI bus is 00)");
    }

    /// <summary>SeaBIOS pci_bios_check_devices + pci_bios_init_root_regions + pci_region_map_entries.</summary>
    private void AssignBars()
    {
        List<BarRequest> io = [];
        List<BarRequest> memory = [];
        List<BarRequest> prefetchable = [];
        foreach ((int devfn, _) in Found)
        {
            for (int bar = 0; bar <= 6; bar++)
            {
                int offset = bar == 6 ? 0x30 : 0x10 + (4 * bar);
                uint old = _config.Read32(devfn, offset);
                _config.Write32(devfn, offset, bar == 6 ? 0xFFFF_FFFE : 0xFFFF_FFFF);
                uint mask = _config.Read32(devfn, offset);
                _config.Write32(devfn, offset, old);
                if (mask == 0 || mask == 0xFFFF_FFFF)
                {
                    continue;
                }

                bool isIo = bar != 6 && (mask & 1) != 0;
                uint size = isIo ? ~(mask & 0xFFFF_FFFC) + 1 : ~(mask & 0xFFFF_FFF0) + 1;
                if (isIo)
                {
                    size &= 0xFFFF;
                }

                BarRequest request = new(devfn, bar, offset, size);
                (isIo ? io : bar != 6 && (mask & 8) != 0 ? prefetchable : memory).Add(request);
            }
        }

        Place(io, IoBase);

        // The region with the smaller alignment goes at the top, the other right below it (SeaBIOS
        // pci_bios_init_root_regions_mem: prefetchable at the top only when its alignment is smaller).
        (List<BarRequest> top, List<BarRequest> below) = Alignment(prefetchable) < Alignment(memory) ? (prefetchable, memory) : (memory, prefetchable);
        uint topBase = AlignDown(MemoryEnd - Sum(top), Alignment(top));
        uint belowBase = AlignDown(topBase - Sum(below), Alignment(below));
        Place(memory, memory == top ? topBase : belowBase);
        Place(prefetchable, prefetchable == top ? topBase : belowBase);
    }

    private void Place(List<BarRequest> requests, uint start)
    {
        uint at = start;
        foreach (BarRequest request in requests.OrderByDescending(r => r.Size))
        {
            at = (at + request.Size - 1) & ~(request.Size - 1);
            uint value = _config.Read32(request.Devfn, request.Offset) & (request.Bar == 6 ? 0u : 0xFu);
            _config.Write32(request.Devfn, request.Offset, at | value);
            Assigned.Add((request.Devfn, request.Bar, at));
            _log?.Invoke($"PCI: map device bdf=00:{request.Devfn >> 3:x2}.{request.Devfn & 7}  bar {request.Bar}, addr {at:x8}, size {request.Size:x8}");
            at += request.Size;
        }
    }

    private static uint Sum(List<BarRequest> requests) => (uint)requests.Sum(r => (long)r.Size);

    private static uint Alignment(List<BarRequest> requests) => requests.Count == 0 ? 1 : requests.Max(r => r.Size);

    private static uint AlignDown(uint value, uint alignment) => value & ~(alignment - 1);

    /// <summary>SeaBIOS piix_isa_bridge_setup: PIRQA-D to IRQ 10, 10, 11, 11, those IRQs level-triggered in the ELCR.</summary>
    private void SetUpPiixIsaBridge(int devfn)
    {
        Span<byte> elcr = stackalloc byte[2];
        for (int i = 0; i < 4; i++)
        {
            byte irq = PirqIrqs[i];
            elcr[irq >> 3] |= (byte)(1 << (irq & 7));
            _config.Write8(devfn, 0x60 + i, irq);
        }

        _io.WriteByte(Elcr1, elcr[0]);
        _io.WriteByte(Elcr1 + 1, elcr[1]);
        _log?.Invoke($"PIIX3/PIIX4 init: elcr={elcr[0]:x2} {elcr[1]:x2}");
    }

    /// <summary>SeaBIOS piix_ide_setup: the IDE decode enable bit (15) of both channels' timing registers.</summary>
    private void SetUpPiixIde(int devfn)
    {
        _config.Write16(devfn, 0x40, 0x8000);
        _config.Write16(devfn, 0x42, 0x8000);
    }

    /// <summary>
    /// SeaBIOS piix4_pm_setup: interrupt line 9 (the SCI is hardwired there), the PM block at 600h (PMBA 40h) enabled through PMREGMISC (80h), the
    /// SMBus host at 700h (90h) enabled through D2h. The ACPI tables describe the PM block there.
    /// </summary>
    private void SetUpPiix4Pm(int devfn)
    {
        _config.Write8(devfn, 0x3C, (byte)Acpi.AcpiLayout.SciIrq);
        _config.Write32(devfn, 0x40, Acpi.AcpiLayout.PmBase | 1u);
        _config.Write8(devfn, 0x80, 0x01);
        _config.Write32(devfn, 0x90, 0x700 | 1u);
        _config.Write8(devfn, 0xD2, 0x09);
        _log?.Invoke($"Moving pm_base to 0x{Acpi.AcpiLayout.PmBase:x}");
    }

    private sealed record BarRequest(int Devfn, int Bar, int Offset, uint Size);
}
