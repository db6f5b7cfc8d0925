using Emu.Monitor.Pci;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>query-pci (QEMU qapi/pci.json): the PCI bus as the firmware and the guest left it; an empty list without PCI.</summary>
public static class PciCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("query-pci", () => json.QmpEmpty, () => json.ListPciInfo, (c, _) => PciInfoBuilder.Build(c.Services.Pci));
    }
}
