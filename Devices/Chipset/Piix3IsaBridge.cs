using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;
using Emu.Devices.Pci;

namespace Emu.Devices.Chipset;

/// <summary>
/// The PIIX3 PCI-to-ISA bridge, function 0 of slot 1 (8086:7000, class 0601; Intel 82371SB data
/// sheet; QEMU <c>hw/isa/piix3.c</c>). It routes PCI interrupts: PIRQA-D go through the PIRQ
/// route control registers 60h-63h (bit 7 = disabled, bits 3-0 = the ISA IRQ) to the PIC,
/// where the ELCR (4D0h/4D1h, owned by <see cref="Pic8259Pair"/>) should make them level
/// triggered. Several PIRQs on one IRQ are wire-ORed. It also owns the reset control register at
/// CF9h (data sheet 4.1.14): writing bit 2 requests a reset; bit 1 (hard reset) is kept.
/// Leaves out the ISA DMA, timer and RTC configuration registers (they read back what was
/// written), top of memory, and the APIC/SMI features.
/// </summary>
public sealed class Piix3IsaBridge : PciFunction, IPciInterruptRouter, IPortDevice
{
    public const int PirqRouteBase = 0x60;
    public const byte PirqDisabled = 0x80;

    private const byte ResetCpu = 0x04;
    private const byte HardReset = 0x02;
    private const int IsaIrqCount = 16;

    private readonly IIrqController _pic;
    private readonly bool[] _pirqLevels = new bool[4];
    private ushort _pciIrqs;

    public Piix3IsaBridge(IIrqController pic)
        : base(0x8086, 0x7000, 0x00, 0x060100, PciInterruptPin.None, "piix3")
    {
        _pic = pic;

        // QEMU piix3_reset: I/O, memory and bus master on; DEVSEL medium; a multi-function device.
        SetResetValue16(PciConfig.Command, PciConfig.CommandIo | PciConfig.CommandMemory | PciConfig.CommandMaster);
        SetResetValue16(PciConfig.Status, PciConfig.StatusDevselMedium);
        SetResetValue8(PciConfig.HeaderType, PciConfig.HeaderMultiFunction);
        SetResetValue8(0x4C, 0x4D);
        SetResetValue8(0x4E, 0x03);
        for (int i = 0; i < 4; i++)
        {
            SetResetValue8(PirqRouteBase + i, PirqDisabled);
        }

        SetResetValue8(0x69, 0x02);
        SetResetValue8(0x70, 0x80);
        SetResetValue8(0x76, 0x0C);
        SetResetValue8(0x77, 0x0C);
        SetResetValue8(0x78, 0x02);
        SetResetValue8(0xA0, 0x08);
        SetResetValue8(0xA8, 0x0F);
    }

    /// <summary>Called when the guest writes the reset bit of CF9h.</summary>
    public Action? ResetRequested { get; set; }

    /// <summary>The reset control register (only the hard-reset bit is kept).</summary>
    public byte ResetControl { get; private set; }

    /// <summary>The ISA IRQ PIRQ <paramref name="pirq"/> goes to, or -1 when routing is disabled.</summary>
    public int RouteOf(int pirq)
    {
        byte route = ReadConfig8(PirqRouteBase + pirq);
        return route < IsaIrqCount ? route : -1;
    }

    public void SetPirqLevel(int pirq, bool level)
    {
        _pirqLevels[pirq] = level;
        UpdatePicInputs();
    }

    byte IPortDevice.ReadByte(ushort port) => ResetControl;

    void IPortDevice.WriteByte(ushort port, byte value)
    {
        if ((value & ResetCpu) != 0)
        {
            ResetRequested?.Invoke();
            return;
        }

        ResetControl = (byte)(value & HardReset);
    }

    protected override void OnConfigWritten(int offset, int size)
    {
        if (Overlaps(offset, size, PirqRouteBase, 4))
        {
            UpdatePicInputs();
        }
    }

    protected override void ResetFunction()
    {
        ResetControl = 0;
        UpdatePicInputs();
    }

    protected override void SaveFunction(StateWriter writer) => writer.Write("rcr", ResetControl);

    protected override void LoadFunction(StateSection section)
    {
        ResetControl = (byte)(section.GetByte("rcr") & HardReset);
        UpdatePicInputs();
    }

    /// <summary>Drives each ISA IRQ with the OR of the PIRQs routed to it, touching only inputs whose PCI level changed.</summary>
    private void UpdatePicInputs()
    {
        ushort levels = 0;
        for (int pirq = 0; pirq < _pirqLevels.Length; pirq++)
        {
            int irq = RouteOf(pirq);
            if (irq >= 0 && _pirqLevels[pirq])
            {
                levels |= (ushort)(1 << irq);
            }
        }

        ushort changed = (ushort)(levels ^ _pciIrqs);
        _pciIrqs = levels;
        for (int irq = 0; changed != 0; irq++, changed >>= 1)
        {
            if ((changed & 1) != 0)
            {
                _pic.SetIrqLevel(irq, (levels & (1 << irq)) != 0);
            }
        }
    }
}
