using Emu.Devices.Chipset;
using Emu.Devices.Pci;
using Emu.Devices.Storage.Ide;

namespace Emu.App.Machine;

/// <summary>The pc machine's PCI bus, its configuration ports and the chipset functions on it.</summary>
public sealed class PciDevices
{
    internal PciDevices(PciBus bus, PciConfigPorts ports, I440fxHostBridge host, Piix3IsaBridge isa, Piix3Ide ide)
    {
        Bus = bus;
        Ports = ports;
        Host = host;
        Isa = isa;
        Ide = ide;
    }

    public PciBus Bus { get; }

    public PciConfigPorts Ports { get; }

    public I440fxHostBridge Host { get; }

    public Piix3IsaBridge Isa { get; }

    public Piix3Ide Ide { get; }

    /// <summary>System reset: CONFIG_ADDRESS and every function to their reset values.</summary>
    public void Reset()
    {
        Ports.Reset();
        foreach (PciFunction function in Bus.Functions.ToList())
        {
            function.Reset();
        }
    }
}
