using Emu.Bios.Rom;
using Emu.Devices.Storage;
using Emu.TestSupport;

namespace Emu.Bios.Tests;

public sealed class Int13HardDiskTests
{
    private static BlockDrive Disk(Emu.Devices.Block.IBlockBackend image, int index = 0) =>
        new($"ide0-hd{index}", DriveInterface.Ide, index, DriveMedia.Disk, image);

    private static BiosHarness WithDisk(long bytes, out MemoryBackend image)
    {
        image = new MemoryBackend(Int13FloppyTests.Pattern((int)bytes));
        image.Data[510] = 0;
        return new BiosHarness(new BiosConfiguration { HardDisks = [Disk(image)] });
    }

    [Theory]
    [InlineData(10L << 20, 0x123F, 0x0F01)]
    [InlineData(504L << 20, 0xFEFF, 0x0F01)]
    [InlineData(2048L << 20, 0x06BF, 0x7F01)]
    public void GetParametersHidesTheLastCylinder(long bytes, int cx, int dx)
    {
        BiosHarness h = new(new BiosConfiguration { HardDisks = [Disk(new ZeroBackend(bytes))] });
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x0800, bx: 0x5555, dx: 0x0080)));
        Assert.Equal(0, h.Cpu.AX);
        Assert.Equal(cx, h.Cpu.CX);
        Assert.Equal(dx, h.Cpu.DX);
        Assert.Equal(0x5555, h.Cpu.BX);
    }

    [Fact]
    public void DiskTypeCountsSectorsWithoutTheHiddenCylinder()
    {
        BiosHarness h = new(new BiosConfiguration { HardDisks = [Disk(new ZeroBackend(504L << 20))] });
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x1500, dx: 0x0080)));
        Assert.Equal(0x03, h.Cpu.AH);
        Assert.Equal(0x000F, h.Cpu.CX);
        Assert.Equal(0xBC10, h.Cpu.DX);
    }

    [Fact]
    public void ChsReadUsesTheLogicalGeometry()
    {
        BiosHarness h = WithDisk(10L << 20, out MemoryBackend image);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x0202, bx: 0x0000, cx: 0x0103, dx: 0x0280, es: 0x1000)));
        long lba = (((1 * 16) + 2) * 63) + 3 - 1;
        byte[] copy = new byte[1024];
        h.Memory.ReadBlock(0x10000, copy);
        Assert.Equal(image.Data.AsSpan((int)(lba * 512), 1024).ToArray(), copy);
    }

    [Fact]
    public void ExtensionsCheckReportsEdd30()
    {
        BiosHarness h = WithDisk(10L << 20, out _);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4177, bx: 0x55AA, dx: 0x0080)));
        Assert.Equal(0xAA55, h.Cpu.BX);
        Assert.Equal(0x0007, h.Cpu.CX);
        Assert.Equal(0x3077, h.Cpu.AX);
    }

    [Fact]
    public void ExtendedWriteThenReadRoundTripsAndChecksTheRange()
    {
        BiosHarness h = WithDisk(10L << 20, out MemoryBackend image);
        h.Memory.WriteBlock(0x20000, Enumerable.Repeat((byte)0x5A, 1024).ToArray());
        WritePacket(h, count: 2, segment: 0x2000, offset: 0, lba: 100);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4300, dx: 0x0080)));
        Assert.All(image.Data.AsSpan(100 * 512, 1024).ToArray(), b => Assert.Equal(0x5A, b));

        WritePacket(h, count: 1, segment: 0x3000, offset: 0x10, lba: 101);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4200)));
        Assert.Equal(0x5A, h.Memory.Read8(0x30010));
        Assert.Equal(1, h.Memory.Read16(0x600 + 2));

        WritePacket(h, count: 1, segment: 0x3000, offset: 0, lba: (ulong)(image.Length / 512));
        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x4200)));
        Assert.Equal(0x01, h.Cpu.AH);
        Assert.Equal(0, h.Memory.Read16(0x600 + 2));
    }

    [Fact]
    public void EddParametersReportPhysicalGeometryAndTheDpte()
    {
        BiosHarness h = WithDisk(10L << 20, out _);
        h.Memory.Write16(0x700, 0x42);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4800, dx: 0x0080, si: 0x700, ds: 0)));
        Assert.Equal(0x001E, h.Memory.Read16(0x700));
        Assert.Equal(0x0002, h.Memory.Read16(0x702));
        Assert.Equal(20u, h.Memory.Read32(0x704));
        Assert.Equal(16u, h.Memory.Read32(0x708));
        Assert.Equal(63u, h.Memory.Read32(0x70C));
        Assert.Equal(20480u, h.Memory.Read32(0x710));
        Assert.Equal(512, h.Memory.Read16(0x718));
        Assert.Equal(0xBEDD, h.Memory.Read16(0x71E));
        uint dpte = ((uint)h.Memory.Read16(0x71C) << 4) + h.Memory.Read16(0x71A);
        Assert.Equal(0x01F0, h.Memory.Read16(dpte));
        Assert.Equal(0xE0, h.Memory.Read8(dpte + 4));
        Assert.Equal(0x0010, h.Memory.Read16(dpte + 0xA));
        Assert.Equal(0x11, h.Memory.Read8(dpte + 0xE));
    }

    [Fact]
    public void FixedDiskParameterTableSitsInTheEbda()
    {
        BiosHarness h = WithDisk(10L << 20, out _);
        Assert.Equal(BiosLayout.EbdaSegment, h.Memory.Read16((0x41 * 4) + 2));
        uint fdpt = BiosLayout.EbdaBase + h.Memory.Read16(0x41 * 4);
        Assert.Equal(20, h.Memory.Read16(fdpt));
        Assert.Equal(16, h.Memory.Read8(fdpt + 2));
        Assert.Equal(0xC8, h.Memory.Read8(fdpt + 8));
        Assert.Equal(63, h.Memory.Read8(fdpt + 0xE));
        Assert.Equal(1, h.Context.Bda.Read8(0x75));
    }

    private static void WritePacket(BiosHarness h, ushort count, ushort segment, ushort offset, ulong lba)
    {
        h.Memory.Write8(0x600, 0x10);
        h.Memory.Write8(0x601, 0);
        h.Memory.Write16(0x602, count);
        h.Memory.Write16(0x604, offset);
        h.Memory.Write16(0x606, segment);
        h.Memory.Write32(0x608, (uint)lba);
        h.Memory.Write32(0x60C, (uint)(lba >> 32));
        h.Cpu.DS = 0;
        h.Cpu.SI = 0x600;
    }
}
