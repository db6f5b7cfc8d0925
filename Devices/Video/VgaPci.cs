using Emu.Core.Memory;
using Emu.Devices.Pci;

namespace Emu.Devices.Video;

/// <summary>
/// QEMU's <c>VGA</c> PCI device (<c>hw/display/vga-pci.c</c>, spec pc-pci-acpi.md section 1):
/// 1234:1111 revision 2, class 0300h, no interrupt pin. BAR0 is the 16 MiB prefetchable linear
/// framebuffer, BAR2 the 4 KiB register window (VGA ports 3C0h-3DFh at 400h, the DISPI
/// registers as 16-bit words at 500h, QEMU's extended registers at 600h), and the ROM BAR holds
/// the video BIOS when one is given.
/// </summary>
public sealed class VgaPci : PciFunction
{
    public const ushort QemuVendor = 0x1234;
    public const ushort StdVgaDevice = 0x1111;

    public VgaPci(Vga vga, byte[]? rom)
        : base(QemuVendor, StdVgaDevice, revision: 2, classCode: 0x030000, PciInterruptPin.None, "vga-pci")
    {
        Vga = vga;
        DefineMemoryBar(0, Vga.VideoMemorySize, prefetchable: true, new LinearFramebuffer(vga));
        DefineMemoryBar(2, 0x1000, prefetchable: false, new RegisterWindow(vga));
        if (rom is not null)
        {
            DefineRomBar(RomBarSize(rom.Length), new OptionRom(rom));
        }
    }

    public Vga Vga { get; }

    private static uint RomBarSize(int length)
    {
        uint size = PhysicalMemory.PageSize;
        while (size < length)
        {
            size <<= 1;
        }

        return size;
    }

    /// <summary>BAR0 (and isa-vga's fixed window): video memory byte for byte.</summary>
    public sealed class LinearFramebuffer(Vga vga) : IMmioHandler
    {
        public byte Read8(uint offset) => vga.ReadLinear(offset);

        public void Write8(uint offset, byte value) => vga.WriteLinear(offset, value);

        public uint Read32(uint offset) => vga.ReadLinear32(offset);

        public void Write32(uint offset, uint value) => vga.WriteLinear32(offset, value);
    }

    /// <summary>BAR2 (QEMU pci_std_vga_mmio_region_init).</summary>
    private sealed class RegisterWindow(Vga vga) : IMmioHandler
    {
        private const uint VgaPorts = 0x400;
        private const uint Dispi = 0x500;
        private const uint QemuExtended = 0x600;
        private const uint QemuExtendedSize = 8;

        public byte Read8(uint offset)
        {
            if (offset is >= VgaPorts and < VgaPorts + 0x20)
            {
                return vga.ReadByte((ushort)(0x3C0 + offset - VgaPorts));
            }

            ushort word = Read16(offset & ~1u);
            return (byte)((offset & 1) == 0 ? word : word >> 8);
        }

        public void Write8(uint offset, byte value)
        {
            if (offset is >= VgaPorts and < VgaPorts + 0x20)
            {
                vga.WriteByte((ushort)(0x3C0 + offset - VgaPorts), value);
            }
        }

        public ushort Read16(uint offset)
        {
            if (offset is >= Dispi and < Dispi + (Vga.VbeRegisterCount * 2) + 2)
            {
                vga.WriteWord(Vga.VbeIndexPort, (ushort)((offset - Dispi) >> 1));
                return vga.ReadWord(Vga.VbeDataPort);
            }

            if (offset is >= QemuExtended and < QemuExtended + QemuExtendedSize)
            {
                // Register 0: the size of this block; register 4: byte order, 1E1E1E1Eh = little endian.
                return (offset - QemuExtended) < 4 ? (offset == QemuExtended ? (ushort)QemuExtendedSize : (ushort)0) : (ushort)0x1E1E;
            }

            return (ushort)(Read8Port(offset) | (Read8Port(offset + 1) << 8));
        }

        public void Write16(uint offset, ushort value)
        {
            if (offset is >= Dispi and < Dispi + (Vga.VbeRegisterCount * 2))
            {
                vga.WriteWord(Vga.VbeIndexPort, (ushort)((offset - Dispi) >> 1));
                vga.WriteWord(Vga.VbeDataPort, value);
                return;
            }

            Write8(offset, (byte)value);
            Write8(offset + 1, (byte)(value >> 8));
        }

        private byte Read8Port(uint offset) =>
            offset is >= VgaPorts and < VgaPorts + 0x20 ? vga.ReadByte((ushort)(0x3C0 + offset - VgaPorts)) : (byte)0;
    }

    /// <summary>The ROM BAR: the image, zeros after it.</summary>
    private sealed class OptionRom(byte[] image) : IMmioHandler
    {
        public byte Read8(uint offset) => offset < image.Length ? image[offset] : (byte)0;

        public void Write8(uint offset, byte value)
        {
        }
    }
}
