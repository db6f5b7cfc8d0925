using Emu.Devices.Chipset;
using Emu.Devices.Pci;

namespace Emu.App.Machine;

public sealed partial class PcBuilder
{
    /// <summary>
    /// The PIIX4 ACPI/PM function at 00:01.3 on the pc machine's PCI bus (SCI on IRQ 9; S5 powers
    /// the machine off). The firmware maps its PM block through config 40h/80h (the built-in BIOS
    /// at 600h, as SeaBIOS). The isapc machine has no PCI and no ACPI, as QEMU's.
    /// </summary>
    private void BuildPowerManagement()
    {
        if (_machine.Pci is not { } pci)
        {
            return;
        }

        Piix4Pm pm = new(_machine.Scheduler, _machine.Pic.GetLine(Piix4Pm.SciIrq))
        {
            PowerOffRequested = _machine.Loop.RequestPowerOff,
            Warning = _host.Warning is { } warn ? text => warn($"emu: warning: piix4-pm: {text}") : null,
        };
        pm.Attach(_machine.Io);
        pci.Bus.Add(new PciAddress(1, 3), new Piix4PmFunction(pm));
        _machine.PowerManagement = pm;
    }
}
