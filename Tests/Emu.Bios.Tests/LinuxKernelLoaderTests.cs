using System.Buffers.Binary;
using System.Text;
using Emu.Bios.Boot;

namespace Emu.Bios.Tests;

/// <summary>
/// <c>-kernel</c> boots against the Linux boot protocol (Documentation/x86/boot.rst) and the
/// addresses QEMU's x86_load_linux uses for protocol 2.04+ kernels.
/// </summary>
public sealed class LinuxKernelLoaderTests
{
    private const int Ram = 32 << 20;

    /// <summary>A bzImage of 2 setup sectors plus boot sector, then 3000 bytes of "kernel".</summary>
    private static byte[] BzImage(ushort protocol = 0x020F, byte loadFlags = 0x01, string magic = "HdrS")
    {
        byte[] image = new byte[(3 * 512) + 3000];
        image[0x1F1] = 2;
        Encoding.ASCII.GetBytes(magic).CopyTo(image, 0x202);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x206), protocol);
        image[0x211] = loadFlags;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x22C), 0x37FF_FFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x238), 2047);
        for (int i = 3 * 512; i < image.Length; i++)
        {
            image[i] = (byte)(i * 13);
        }

        return image;
    }

    [Fact]
    public void KernelIsLoadedAndEnteredAsQemuDoes()
    {
        byte[] image = BzImage();
        byte[] initrd = new byte[5000];
        initrd[0] = 0x1F;
        initrd[^1] = 0x8B;
        BiosHarness h = new(new BiosConfiguration { Kernel = new LinuxKernel(image, initrd, "console=ttyS0,115200") }, Ram);
        h.Int(0x19);

        Assert.False(h.WantsRetry);
        Assert.Contains("Booting from ROM...", ClockAndBootTests.Screen(h));
        byte[] kernel = new byte[3000];
        h.Memory.ReadBlock(0x100000, kernel);
        Assert.Equal(image.AsSpan(3 * 512).ToArray(), kernel);
        Assert.Equal(0x53726448u, h.Memory.Read32(0x10202));
        Assert.Equal(0xB0, h.Memory.Read8(0x10210));
        Assert.Equal(0x81, h.Memory.Read8(0x10211));
        Assert.Equal(0xFE00, h.Memory.Read16(0x10224));
        Assert.Equal(0x20000u, h.Memory.Read32(0x10228));
        byte[] cmdline = new byte[21];
        h.Memory.ReadBlock(0x20000, cmdline);
        Assert.Equal("console=ttyS0,115200\0", Encoding.ASCII.GetString(cmdline));

        // The initrd sits page-aligned just below the top 128 KiB of RAM.
        uint initrdAddress = h.Memory.Read32(0x10218);
        Assert.Equal(((uint)Ram - 0x20000 - 1 - 5000) & ~0xFFFu, initrdAddress);
        Assert.Equal(5000u, h.Memory.Read32(0x1021C));
        Assert.Equal(0x1F, h.Memory.Read8(initrdAddress));
        Assert.Equal(0x8B, h.Memory.Read8(initrdAddress + 4999));

        // Entry 1020:0000 through the stub's RETF; segments 1000h, SP FFF0h after it, IF=0.
        Assert.Equal(0x1000, h.Cpu.DS);
        Assert.Equal(0x1000, h.Cpu.ES);
        Assert.Equal(0x1000, h.Cpu.SS);
        Assert.Equal(0xFFECu, h.Cpu.ESP);
        Assert.Equal(0x0000, h.Memory.Read16(0x1FFEC));
        Assert.Equal(0x1020, h.Memory.Read16(0x1FFEE));
        Assert.Equal(0u, h.Cpu.EFLAGS & 0x200);
    }

    [Fact]
    public void KernelComesBeforeTheBootOrder()
    {
        byte[] disk = new byte[10 << 20];
        disk[510] = 0x55;
        disk[511] = 0xAA;
        Emu.Devices.Storage.BlockDrive hd = new("ide0-hd0", Emu.Devices.Storage.DriveInterface.Ide, 0, Emu.Devices.Storage.DriveMedia.Disk, new Emu.TestSupport.MemoryBackend(disk));
        BiosHarness h = new(new BiosConfiguration { HardDisks = [hd], BootOrder = "c", Kernel = new LinuxKernel(BzImage(), null, string.Empty) }, Ram);
        h.Int(0x19);
        Assert.Equal(0x1000, h.Cpu.SS);
        Assert.Equal(0u, h.Memory.Read32(0x10218));
        Assert.DoesNotContain("Booting from Hard Disk", ClockAndBootTests.Screen(h));
    }

    [Theory]
    [InlineData(0x020F, 0x01, "HdrX", "not a Linux bzImage")]
    [InlineData(0x0203, 0x01, "HdrS", "boot protocol 2.03 kernels (or zImage) are not supported")]
    [InlineData(0x020F, 0x00, "HdrS", "boot protocol 2.15 kernels (or zImage) are not supported")]
    public void UnsupportedImagesFailAndTheNextDeviceIsTried(ushort protocol, byte loadFlags, string magic, string message)
    {
        byte[] disk = new byte[10 << 20];
        disk[510] = 0x55;
        disk[511] = 0xAA;
        Emu.Devices.Storage.BlockDrive hd = new("ide0-hd0", Emu.Devices.Storage.DriveInterface.Ide, 0, Emu.Devices.Storage.DriveMedia.Disk, new Emu.TestSupport.MemoryBackend(disk));
        BiosHarness h = new(new BiosConfiguration { HardDisks = [hd], BootOrder = "c", Kernel = new LinuxKernel(BzImage(protocol, loadFlags, magic), null, string.Empty) }, Ram);
        h.Int(0x19);
        string screen = ClockAndBootTests.Screen(h);
        Assert.Contains(message, screen);
        Assert.Single(h.Warnings, w => w.Contains(message, StringComparison.Ordinal));
        Assert.Equal(0x80u, h.Cpu.EDX);
        Assert.Equal(0x0202u, h.Cpu.EFLAGS & 0x0202);
    }

    [Fact]
    public void TooLongCommandLineIsRefused()
    {
        BiosHarness h = new(new BiosConfiguration { Kernel = new LinuxKernel(BzImage(), null, new string('x', 2048)) }, Ram);
        h.Int(0x19);
        Assert.Contains("longer than the kernel's cmdline_size (2047)", string.Join('\n', h.Warnings));
    }
}
