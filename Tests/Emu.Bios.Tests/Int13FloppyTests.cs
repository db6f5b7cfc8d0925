using Emu.Devices.Storage;
using Emu.TestSupport;

namespace Emu.Bios.Tests;

public sealed class Int13FloppyTests
{
    private readonly MemoryBackend _image;
    private readonly BiosHarness _h;

    public Int13FloppyTests()
    {
        _image = new MemoryBackend(Pattern(1_474_560));
        _h = new BiosHarness(new BiosConfiguration { FloppyA = Floppy(_image) });
    }

    internal static BlockDrive Floppy(MemoryBackend image, int index = 0) =>
        new($"floppy{index}", DriveInterface.Floppy, index, DriveMedia.Disk, image);

    internal static byte[] Pattern(int length)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i / 512) ^ (i * 7));
        }

        return data;
    }

    [Fact]
    public void GetParametersReportsTheDriveTypeAndTheDisketteTable()
    {
        ushort flags = _h.Call(0x13, ax: 0x0800, dx: 0x0000);
        Assert.False(BiosHarness.Carry(flags));
        Assert.Equal(0x0000, _h.Cpu.AX);
        Assert.Equal(0x0004, _h.Cpu.BX);
        Assert.Equal(0x4F12, _h.Cpu.CX);
        Assert.Equal(0x0101, _h.Cpu.DX);
        Assert.Equal(0xF000, _h.Cpu.ES);
        Assert.Equal(0x601C, _h.Cpu.DI);
    }

    [Fact]
    public void EmptyDriveAIsA288Drive()
    {
        BiosHarness h = new();
        h.Call(0x13, ax: 0x0800, dx: 0);
        Assert.Equal(0x05, h.Cpu.BL);
        Assert.Equal(0x4F24, h.Cpu.CX);

        ushort flags = h.Call(0x13, ax: 0x0201, bx: 0x7C00, cx: 0x0001, dx: 0);
        Assert.True(BiosHarness.Carry(flags));
        Assert.Equal(0x20, h.Cpu.AH);
    }

    [Fact]
    public void AbsentDriveFailsWithInvalidParameter()
    {
        Assert.True(BiosHarness.Carry(_h.Call(0x13, ax: 0x0800, dx: 0x0001)));
        Assert.Equal(0x01, _h.Cpu.AH);
    }

    [Fact]
    public void ReadAcrossHeadsCopiesTheImageIntoRam()
    {
        Read(count: 19, cylinder: 0, sector: 1, head: 0, segment: 0x1000, offset: 0, out ushort flags);
        Assert.False(BiosHarness.Carry(flags));
        Assert.Equal(0x0013, _h.Cpu.AX);
        byte[] copy = new byte[19 * 512];
        _h.Memory.ReadBlock(0x10000, copy);
        Assert.Equal(_image.Data.AsSpan(0, 19 * 512).ToArray(), copy);
    }

    [Fact]
    public void ReadAtTheLastSectorOfATrackContinuesOnTheNextHead()
    {
        Read(count: 2, cylinder: 0, sector: 18, head: 0, segment: 0x2000, offset: 0, out ushort flags);
        Assert.False(BiosHarness.Carry(flags));
        Assert.Equal(2, _h.Cpu.AL);
        Assert.Equal(_image.Data[17 * 512], _h.Memory.Read8(0x20000));
        Assert.Equal(_image.Data[18 * 512], _h.Memory.Read8(0x20000 + 512));
    }

    [Theory]
    [InlineData(1, 0, 19, 0)]
    [InlineData(1, 80, 1, 0)]
    [InlineData(0, 0, 1, 0)]
    [InlineData(1, 0, 0, 0)]
    [InlineData(1, 0, 1, 2)]
    public void BadChsIsInvalidParameterWithAlUnchanged(int count, int cylinder, int sector, int head)
    {
        Read(count, cylinder, sector, head, 0x1000, 0, out ushort flags);
        Assert.True(BiosHarness.Carry(flags));
        Assert.Equal(0x01, _h.Cpu.AH);
        Assert.Equal(count, _h.Cpu.AL);

        Assert.True(BiosHarness.Carry(_h.Call(0x13, ax: 0x0100, dx: 0)));
        Assert.Equal(0x01, _h.Cpu.AH);
    }

    [Fact]
    public void BufferAcrossA64KiBBoundaryIsADmaError()
    {
        Read(1, 0, 1, 0, 0x0000, 0xFF00, out ushort flags);
        Assert.True(BiosHarness.Carry(flags));
        Assert.Equal(0x0900, _h.Cpu.AX);
    }

    [Fact]
    public void WriteGoesToTheImageAndReadOnlyImagesRefuse()
    {
        _h.Memory.WriteBlock(0x30000, Enumerable.Repeat((byte)0xA5, 512).ToArray());
        Assert.False(BiosHarness.Carry(_h.Call(0x13, ax: 0x0301, bx: 0, cx: 0x0005, dx: 0x0100, es: 0x3000)));
        long offset = ((0 * 2) + 1) * 18 * 512 + (4 * 512);
        Assert.All(_image.Data.AsSpan((int)offset, 512).ToArray(), b => Assert.Equal(0xA5, b));

        MemoryBackend locked = new(Pattern(1_474_560), readOnly: true);
        BiosHarness h = new(new BiosConfiguration { FloppyA = Floppy(locked) });
        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x0301, bx: 0, cx: 0x0001, dx: 0, es: 0x3000)));
        Assert.Equal(0x03, h.Cpu.AH);
    }

    [Fact]
    public void SmallerMediumFailsOutsideItsTracksWithControllerError()
    {
        BiosHarness h = new(new BiosConfiguration { FloppyA = Floppy(new MemoryBackend(Pattern(737_280))) });
        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x0201, bx: 0, cx: 0x000A, dx: 0, es: 0x1000)));
        Assert.Equal(0x20, h.Cpu.AH);

        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x0201, cx: 0x0009, dx: 0x0100)));
        Assert.Equal(Pattern(737_280)[17 * 512], h.Memory.Read8(0x10000));
    }

    [Fact]
    public void DiskTypeAndChangeLineAreAsSeaBios()
    {
        Assert.False(BiosHarness.Carry(_h.Call(0x13, ax: 0x1500, dx: 0)));
        Assert.Equal(0x01, _h.Cpu.AH);

        Assert.True(BiosHarness.Carry(_h.Call(0x13, ax: 0x1600)));
        Assert.Equal(0x06, _h.Cpu.AH);

        Assert.True(BiosHarness.Carry(_h.Call(0x13, ax: 0x4100, bx: 0x55AA)));
        Assert.Equal(0x01, _h.Cpu.AH);
    }

    [Fact]
    public void VerifyAndResetSucceed()
    {
        Assert.False(BiosHarness.Carry(_h.Call(0x13, ax: 0x0401, cx: 0x0001, dx: 0)));
        Assert.Equal(0x0001, _h.Cpu.AX);

        Assert.False(BiosHarness.Carry(_h.Call(0x13, ax: 0x0000)));
        Assert.Equal(0x0000, _h.Cpu.AX);
    }

    private void Read(int count, int cylinder, int sector, int head, ushort segment, ushort offset, out ushort flags)
    {
        flags = _h.Call(0x13, ax: (ushort)(0x0200 | count), bx: offset, cx: (ushort)(((cylinder & 0xFF) << 8) | ((cylinder >> 2) & 0xC0) | sector), dx: (ushort)(head << 8), es: segment);
    }
}
