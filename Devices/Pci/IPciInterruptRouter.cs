namespace Emu.Devices.Pci;

/// <summary>
/// Where the bus's four interrupt wires PIRQA-PIRQD go: on the PIIX3 through its PIRQ route
/// control registers 60h-63h to the PIC (82371SB data sheet 2.2.12). The bus calls it whenever
/// the OR of the pins wired to one PIRQ changes.
/// </summary>
public interface IPciInterruptRouter
{
    void SetPirqLevel(int pirq, bool level);
}
