using Emu.Devices.Pci;

namespace Emu.Devices.Chipset;

/// <summary>
/// The i440FX PCI host bridge, 00:00.0 (8086:1237 revision 02, class 0600; Intel 82441FX data
/// sheet; QEMU <c>hw/pci-host/i440fx.c</c>). Its device-specific registers read back what was
/// written; SMRAM (72h) starts at 02h as in QEMU and is accepted without effect (Emu has no SMM).
/// </summary>
public sealed class I440fxHostBridge : PciFunction
{
    public const int SmramRegister = 0x72;

    public I440fxHostBridge()
        : base(0x8086, 0x1237, 0x02, 0x060000, PciInterruptPin.None, "i440fx")
    {
        SetResetValue8(SmramRegister, 0x02);
    }
}
