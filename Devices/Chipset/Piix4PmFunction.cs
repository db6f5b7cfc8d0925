using Emu.Devices.Pci;

namespace Emu.Devices.Chipset;

/// <summary>
/// The PIIX4 ACPI/PM PCI function, 00:01.3 (8086:7113 revision 03, class 0680, pin INTA; Intel
/// 82371AB data sheet 7.1; QEMU <c>hw/acpi/piix4.c</c>): its configuration registers place the
/// <see cref="Piix4Pm"/> I/O block. PMBA (40h, bits 15:6 the base, bit 0 reads 1: an I/O
/// address) and PMREGMISC (80h, bit 0 enables the block) are applied on every write, as QEMU's
/// <c>pm_io_space_update</c> does. Reset leaves 40h = 01h, 80h = 0 and 5Bh = 02h, the value QEMU's
/// <c>piix4_pm_reset</c> presets without SMM so that SeaBIOS's SMM setup sees SMM as done. The
/// SMBus registers (90h, D2h) keep what the firmware writes; no SMBus controller answers there.
/// The SCI does not use the PCI pin: it is wired to IRQ 9, as on QEMU's pc.
/// </summary>
public sealed class Piix4PmFunction : PciFunction
{
    public const int PmBaseRegister = 0x40;
    public const int PmRegMiscRegister = 0x80;
    public const int SmmStateRegister = 0x5B;
    private const int PmBaseMask = 0xFFC0;

    private readonly Piix4Pm _pm;

    public Piix4PmFunction(Piix4Pm pm)
        : base(0x8086, 0x7113, 0x03, 0x068000, PciInterruptPin.IntA, "piix4-pm-pci")
    {
        _pm = pm;
        SetResetValue8(PmBaseRegister, 0x01);
        SetResetValue8(SmmStateRegister, 0x02);
    }

    public Piix4Pm Pm => _pm;

    protected override void OnConfigWritten(int offset, int size)
    {
        if (Overlaps(offset, size, PmBaseRegister, 4) || Overlaps(offset, size, PmRegMiscRegister, 1))
        {
            UpdatePmBlock();
        }
    }

    protected override void ResetFunction() => _pm.Reset();

    protected override void LoadFunction(Core.State.StateSection section) => UpdatePmBlock();

    private void UpdatePmBlock() =>
        _pm.Map((ushort)(ReadConfig16(PmBaseRegister) & PmBaseMask), (ReadConfig8(PmRegMiscRegister) & 1) != 0);
}
