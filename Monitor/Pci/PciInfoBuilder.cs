using Emu.Devices.Pci;
using Emu.Monitor.Commands.Model;

namespace Emu.Monitor.Pci;

/// <summary>
/// query-pci's reply read from the bus as it is now (QEMU hw/pci/pci-qmp-cmds.c): one entry for
/// the root bus with its functions in devfn order, each with its class, ids, interrupt pin and line,
/// and the BARs that have a size (the expansion ROM as bar 6), at the address where each is mapped.
/// Runs on the machine thread.
/// </summary>
public static class PciInfoBuilder
{
    private const int HeaderTypeMask = 0x7F;

    public static List<PciInfo> Build(PciBus? bus) =>
        bus is null ? [] : [new PciInfo(0, [.. bus.Functions.OrderBy(f => f.Address.Devfn).Select(Device)])];

    private static PciDeviceInfo Device(PciFunction function)
    {
        int classCode = function.ReadConfig16(PciConfig.SubClass);
        bool normalHeader = (function.ReadConfig8(PciConfig.HeaderType) & HeaderTypeMask) == 0;
        int pin = function.ReadConfig8(PciConfig.InterruptPin);
        return new PciDeviceInfo(
            IrqPin: pin,
            Bus: 0,
            QdevId: string.Empty,
            Irq: pin != 0 ? function.ReadConfig8(PciConfig.InterruptLine) : null,
            Slot: function.Address.Slot,
            ClassInfo: new PciDeviceClass(classCode, PciClassNames.Describe(classCode)),
            Id: new PciDeviceId(
                Device: function.DeviceId,
                SubsystemVendor: normalHeader ? function.ReadConfig16(PciConfig.SubsystemVendorId) : null,
                Vendor: function.VendorId,
                Subsystem: normalHeader ? function.ReadConfig16(PciConfig.SubsystemId) : null),
            Function: function.Address.Function,
            Regions: Regions(function));
    }

    private static List<PciMemoryRegion> Regions(PciFunction function)
    {
        List<PciMemoryRegion> regions = [];
        foreach (PciBar? bar in function.Bars)
        {
            if (bar is null || bar.Size == 0)
            {
                continue;
            }

            long address = bar.MappedAt is { } at ? at : -1;
            regions.Add(bar.Kind == PciBarKind.Io
                ? new PciMemoryRegion(null, null, bar.Index, bar.Size, address, "io")
                : new PciMemoryRegion(bar.Kind == PciBarKind.PrefetchableMemory, false, bar.Index, bar.Size, address, "memory"));
        }

        return regions;
    }
}
