using Emu.Devices.Chipset;
using Emu.Devices.Pci;
using Emu.Devices.Storage.Ide;

namespace Emu.App.Machine;

/// <summary>
/// Puts QEMU's pc machine's PCI functions on a new bus (spec pc-pci-acpi.md section 1): the
/// i440FX at 00:00.0, the PIIX3 ISA bridge at 00:01.0 (which routes PIRQA-D to the PIC and owns
/// the CF9h reset register) and the PIIX3 IDE function at 00:01.1 over the legacy channels.
/// Further functions go on <see cref="PciDevices.Bus"/> at their slot (the PIIX4 power
/// management function belongs at 00:01.3).
/// </summary>
internal static class PciBuilder
{
    public static void Build(PcMachine machine, bool isaPc)
    {
        if (isaPc)
        {
            return;
        }

        PciBus bus = new(machine.Io, machine.Memory);
        PciConfigPorts ports = new(bus);
        ports.Attach(machine.Io);
        I440fxHostBridge host = new(machine.Memory);
        Piix3IsaBridge isa = new(machine.Pic) { ResetRequested = () => machine.Loop.RequestReset() };
        Piix3Ide ide = new(machine.Ide, machine.Memory);
        bus.Router = isa;
        ports.ResetControl = isa;
        bus.Add(new PciAddress(0, 0), host);
        bus.Add(new PciAddress(1, 0), isa);
        bus.Add(new PciAddress(1, 1), ide);
        machine.Pci = new PciDevices(bus, ports, host, isa, ide);
    }
}
