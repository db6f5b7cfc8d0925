using System.Buffers.Binary;
using System.Text;
using Emu.Core.Memory;

namespace Emu.Bios.Boot;

/// <summary>
/// Loads a bzImage the way QEMU's <c>-kernel</c> does (Linux Documentation/x86/boot.rst, "The
/// real-mode kernel header" and "Loading the rest of the kernel"; QEMU hw/i386/x86.c
/// x86_load_linux): the real-mode setup at 1000:0000, the command line at 20000h, the
/// protected-mode kernel at 100000h, the initrd as high as initrd_addr_max and RAM allow (below
/// the top 128 KiB QEMU keeps for ACPI data), and the header fields a boot loader fills in.
/// Entry is at 1020:0000 with DS=ES=FS=GS=SS=1000h and SP=FFF0h.
/// </summary>
public static class LinuxKernelLoader
{
    public const uint RealModeAddress = 0x10000;
    public const uint CommandLineAddress = 0x20000;
    public const uint ProtectedModeAddress = 0x100000;
    public const ushort StackPointer = 0xFFF0;

    private const int HeaderMagicOffset = 0x202;
    private const uint HeaderMagic = 0x53726448; // "HdrS"
    private const uint TopReserve = 0x20000;

    /// <summary>Loads <paramref name="kernel"/> into <paramref name="memory"/>; returns null on success or why it cannot boot.</summary>
    public static string? Load(LinuxKernel kernel, PhysicalMemory memory)
    {
        byte[] image = kernel.Image;
        if (image.Length < 0x400 || BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(HeaderMagicOffset)) != HeaderMagic)
        {
            return "not a Linux bzImage (no 'HdrS' boot protocol header)";
        }

        ushort protocol = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x206));
        byte loadFlags = image[0x211];
        if (protocol < 0x0204 || (loadFlags & 0x01) == 0)
        {
            // zImage and boot protocols before 2.04 (kernels before 2.6.14) load below 1 MiB differently.
            return $"boot protocol {protocol >> 8}.{protocol & 0xFF:D2} kernels (or zImage) are not supported; a bzImage with protocol 2.04 or later is";
        }

        int setupSectors = image[0x1F1] == 0 ? 4 : image[0x1F1];
        int setupBytes = (setupSectors + 1) * 512;
        if (setupBytes > image.Length)
        {
            return "the kernel image is shorter than its setup code";
        }

        byte[] commandLine = Encoding.ASCII.GetBytes(kernel.CommandLine + "\0");
        uint cmdlineSize = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(0x238));
        if (protocol >= 0x0206 && commandLine.Length - 1 > cmdlineSize)
        {
            return $"the command line is longer than the kernel's cmdline_size ({cmdlineSize})";
        }

        uint ram = (uint)memory.RamSize;
        int kernelBytes = image.Length - setupBytes;
        if (ProtectedModeAddress + (uint)kernelBytes > ram)
        {
            return "the kernel does not fit in RAM";
        }

        byte[] setup = image.AsSpan(0, setupBytes).ToArray();
        setup[0x210] = 0xB0; // type_of_loader: QEMU's id
        setup[0x211] = (byte)(loadFlags | 0x80); // CAN_USE_HEAP
        BinaryPrimitives.WriteUInt16LittleEndian(setup.AsSpan(0x224), (ushort)(CommandLineAddress - RealModeAddress - 0x200));
        BinaryPrimitives.WriteUInt32LittleEndian(setup.AsSpan(0x228), CommandLineAddress);
        if (kernel.Initrd is { } initrd)
        {
            uint max = protocol >= 0x0203 ? BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(0x22C)) : 0x37FF_FFFF;
            if (max >= ram - TopReserve)
            {
                max = ram - TopReserve - 1;
            }

            if ((uint)initrd.Length > max || ((max - (uint)initrd.Length) & ~0xFFFu) < ProtectedModeAddress + (uint)kernelBytes)
            {
                return $"the initrd ({initrd.Length} bytes) does not fit in RAM above the kernel";
            }

            uint address = (max - (uint)initrd.Length) & ~0xFFFu;
            Write(memory, address, initrd);
            BinaryPrimitives.WriteUInt32LittleEndian(setup.AsSpan(0x218), address);
            BinaryPrimitives.WriteUInt32LittleEndian(setup.AsSpan(0x21C), (uint)initrd.Length);
        }

        Write(memory, RealModeAddress, setup);
        Write(memory, CommandLineAddress, commandLine);
        Write(memory, ProtectedModeAddress, image.AsSpan(setupBytes));
        return null;
    }

    /// <summary>Straight into RAM: a boot loader's copy does not go through the A20 gate.</summary>
    private static void Write(PhysicalMemory memory, uint address, ReadOnlySpan<byte> data)
    {
        data.CopyTo(memory.Ram[(int)address..]);
        memory.NotifyRamChanged(address, data.Length);
    }
}
