using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Pci;

namespace Emu.Devices.Chipset;

/// <summary>
/// The i440FX PCI host bridge, 00:00.0 (8086:1237 revision 02, class 0600; Intel 82441FX data
/// sheet 3.2; QEMU <c>hw/pci-host/i440fx.c</c>). The PAM registers 59h-5Fh decide, for
/// F0000-FFFFF (59h bits 5-4) and each 16 KiB of C0000-EFFFF (5Ah-5Fh, a nibble each), whether
/// reads and writes reach the shadow RAM or the ROM above it (nibble bit 0 read enable, bit 1
/// write enable): SeaBIOS unlocks the range, copies itself into RAM, then locks it read-only.
/// SMRAM (72h) starts at 02h as in QEMU and is accepted without effect (Emu has no SMM). The
/// other device-specific registers read back what was written.
/// </summary>
public sealed class I440fxHostBridge : PciFunction
{
    public const int PamBase = 0x59;
    public const int PamCount = 7;
    public const int SmramRegister = 0x72;

    private const uint SegmentSize = 16 * 1024;

    private readonly PhysicalMemory _memory;

    public I440fxHostBridge(PhysicalMemory memory)
        : base(0x8086, 0x1237, 0x02, 0x060000, PciInterruptPin.None, "i440fx")
    {
        _memory = memory;
        SetResetValue8(SmramRegister, 0x02);
    }

    protected override void OnConfigWritten(int offset, int size)
    {
        if (Overlaps(offset, size, PamBase, PamCount))
        {
            ApplyPam();
        }
    }

    protected override void ResetFunction() => ApplyPam();

    protected override void LoadFunction(StateSection section) => ApplyPam();

    /// <summary>Maps every PAM segment as the registers now say.</summary>
    private void ApplyPam()
    {
        if (_memory.RamSize < 1 << 20)
        {
            return;
        }

        byte bios = (byte)(ReadConfig8(PamBase) >> 4);
        _memory.SetShadow(0xF0000, 0x10000, (bios & 1) != 0, (bios & 2) != 0);
        for (int i = 0; i < 12; i++)
        {
            byte nibble = (byte)((ReadConfig8(PamBase + 1 + (i >> 1)) >> (4 * (i & 1))) & 3);
            _memory.SetShadow(0xC0000 + ((uint)i * SegmentSize), SegmentSize, (nibble & 1) != 0, (nibble & 2) != 0);
        }
    }
}
