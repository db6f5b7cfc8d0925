using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Tests.Misc;
using Emu.Devices.Video;

namespace Emu.Devices.Tests.Video;

/// <summary>Video memory through the A0000h window and the framebuffer (IBM VGA Technical Reference, Graphics Controller; QEMU vga.c).</summary>
public sealed class VgaMemoryTests
{
    private readonly DeviceRig _rig = new();
    private readonly PhysicalMemory _memory = new(1 << 20);
    private readonly Vga _vga;

    public VgaMemoryTests()
    {
        _vga = new Vga(_memory);
        _vga.Attach(_rig.Bus);
    }

    [Fact]
    public void TextModeWritesGoToPlanesZeroAndOneAndReadBack()
    {
        _memory.Write8(0xB8000, (byte)'A');
        _memory.Write8(0xB8001, 0x1E);
        _memory.Write8(0xB8002, (byte)'B');
        Assert.Equal((byte)'A', _vga.VideoMemory[0]);
        Assert.Equal(0x1E, _vga.VideoMemory[1]);
        Assert.Equal((byte)'B', _vga.VideoMemory[4]);
        Assert.Equal(0x1E, _memory.Read8(0xB8001));
        Assert.Equal(0xFF, _memory.Read8(0xA0000)); // memory map 3 decodes B8000h-BFFFFh only
    }

    [Fact]
    public void Mode13hChain4WritesBytesInOrderAndDrawsThem640x400()
    {
        SetMode13h();
        _rig.Out(0x3C8, 5);
        _rig.Out(0x3C9, 0x3F);
        _rig.Out(0x3C9, 0x00);
        _rig.Out(0x3C9, 0x01);
        _memory.Write8(0xA0000 + 321, 5);
        Assert.Equal(5, _vga.VideoMemory[321]);
        DisplayFrame frame = new();
        Assert.True(_vga.Update(frame));
        Assert.Equal((640, 400), (frame.Width, frame.Height));

        // Pixel (1,1) of 320x200 doubles to (2..3, 2..3); 6-bit values widen repeating the low bit: 3Fh to FFh, 01h to 07h.
        Assert.Equal(0xFF0007u, frame.Pixels[(2 * 640) + 2]);
        Assert.Equal(0xFF0007u, frame.Pixels[(3 * 640) + 3]);
        Assert.Equal(0u, frame.Pixels[(2 * 640) + 4]);
    }

    [Fact]
    public void PlanarWriteModesAndLatches()
    {
        SetPlanar();
        Graphics(0x01, 0x0F); // set/reset on every plane
        Graphics(0x00, 0x05); // colour 5: planes 0 and 2
        Graphics(0x08, 0xF0); // bit mask: left four pixels
        _memory.Write8(0xA0000, 0x00);
        Assert.Equal([0xF0, 0x00, 0xF0, 0x00], _vga.VideoMemory[..4].ToArray());

        // Write mode 1 copies the latches loaded by a read.
        Graphics(0x05, 0x01);
        _ = _memory.Read8(0xA0000);
        _memory.Write8(0xA0001, 0x00);
        Assert.Equal([0xF0, 0x00, 0xF0, 0x00], _vga.VideoMemory[4..8].ToArray());

        // Write mode 2: the low nibble is the colour, through the bit mask, the rest from the latches.
        Graphics(0x05, 0x02);
        Graphics(0x08, 0x0F);
        _ = _memory.Read8(0xA0000);
        _memory.Write8(0xA0000, 0x0A); // planes 1 and 3 for the right four pixels
        Assert.Equal([0xF0, 0x0F, 0xF0, 0x0F], _vga.VideoMemory[..4].ToArray());

        // Write mode 3: set/reset colour, bit mask ANDed with the rotated data.
        Graphics(0x05, 0x03);
        Graphics(0x08, 0xFF);
        Graphics(0x00, 0x08);
        _ = _memory.Read8(0xA0002);
        _memory.Write8(0xA0002, 0x81);
        Assert.Equal([0x00, 0x00, 0x00, 0x81], _vga.VideoMemory[8..12].ToArray());
    }

    [Fact]
    public void ReadModesPickAPlaneOrCompareColours()
    {
        SetPlanar();
        _vga.VideoMemory[0] = 0xAA;
        _vga.VideoMemory[1] = 0x0F;
        _vga.VideoMemory[2] = 0xFF;
        _vga.VideoMemory[3] = 0x00;
        Graphics(0x04, 0x01);
        Assert.Equal(0x0F, _memory.Read8(0xA0000));

        // Read mode 1 with colour 0101b (planes 0 and 2 set, 1 and 3 clear), all planes cared about.
        Graphics(0x05, 0x08);
        Graphics(0x02, 0x05);
        Graphics(0x07, 0x0F);
        Assert.Equal(0xA0, _memory.Read8(0xA0000));
    }

    [Fact]
    public void SequencerMapMaskLimitsPlanarWritesAndOddEvenFontLoads()
    {
        SetPlanar();
        Sequencer(0x02, 0x04); // plane 2 only: where the font lives
        Graphics(0x08, 0xFF);
        _memory.Write8(0xA0000 + 32, 0x7E);
        Assert.Equal([0x00, 0x00, 0x7E, 0x00], _vga.VideoMemory[128..132].ToArray());
    }

    [Fact]
    public void VbeModeSetClampsToMemoryAndDrawsTheFramebuffer()
    {
        Vbe(Vga.VbeIndexXres, 1024);
        Vbe(Vga.VbeIndexYres, 768);
        Vbe(Vga.VbeIndexBpp, 32);
        Vbe(Vga.VbeIndexEnable, Vga.VbeEnabled | Vga.VbeLfbEnabled);
        Assert.Equal(1024, ReadVbe(Vga.VbeIndexVirtWidth));
        Assert.Equal((16 << 20) / 4096, ReadVbe(Vga.VbeIndexVirtHeight));
        Assert.Equal(256, ReadVbe(Vga.VbeIndexVideoMemory64K));
        _vga.WriteLinear32((4096 * 2) + 12, 0x00123456);
        DisplayFrame frame = new();
        _vga.Update(frame);
        Assert.Equal((1024, 768), (frame.Width, frame.Height));
        Assert.Equal(0x123456u, frame.Pixels[(2 * 1024) + 3]);

        // An offset that would show memory past the end is refused (Y offset back to 0).
        Vbe(Vga.VbeIndexYOffset, 4000);
        Assert.Equal(0, ReadVbe(Vga.VbeIndexYOffset));
        Vbe(Vga.VbeIndexXres, 3);
        Assert.Equal(8, ReadVbe(Vga.VbeIndexXres));
    }

    [Fact]
    public void VbeBankSwitchMovesTheA0000Window()
    {
        Vbe(Vga.VbeIndexXres, 800);
        Vbe(Vga.VbeIndexYres, 600);
        Vbe(Vga.VbeIndexBpp, 8);
        Vbe(Vga.VbeIndexEnable, Vga.VbeEnabled);
        Vbe(Vga.VbeIndexBank, 3);
        _memory.Write8(0xA0010, 0x42);
        Assert.Equal(0x42, _vga.VideoMemory[(3 << 16) + 0x10]);
        Assert.Equal(0xFF, _memory.Read8(0xB0000)); // the 64 KiB window ends at AFFFFh
    }

    [Fact]
    public void UpdateRedrawsOnlyAfterAWrite()
    {
        SetMode13h();
        DisplayFrame frame = new();
        Assert.True(_vga.Update(frame));
        Assert.False(_vga.Update(frame));
        _memory.Write8(0xA0000 + (320 * 100), 1);
        Assert.True(_vga.Update(frame));
        Assert.False(_vga.Update(frame));

        // A second consumer keeps its own view: it draws everything once.
        DisplayFrame other = new();
        Assert.True(_vga.Update(other));
        Assert.Equal(frame.Pixels, other.Pixels);
    }

    [Fact]
    public void TextIsDrawnFromTheFontInPlaneTwoWithNineDotCells()
    {
        byte[] font = new byte[256 * 16];
        font[('X' * 16) + 3] = 0x81;
        _vga.LoadFont(font, 16);
        _memory.Write8(0xB8000, (byte)'X');
        _memory.Write8(0xB8001, 0x4E); // yellow on red
        DisplayFrame frame = new();
        _vga.Update(frame);
        Assert.Equal((720, 400), (frame.Width, frame.Height));
        Assert.Equal(0xFFFF57u, frame.Pixels[(3 * 720) + 0]);
        Assert.Equal(0xA80000u, frame.Pixels[(3 * 720) + 1]);
        Assert.Equal(0xFFFF57u, frame.Pixels[(3 * 720) + 7]);
        Assert.Equal(0xA80000u, frame.Pixels[(3 * 720) + 8]); // the 9th dot is background for letters
    }

    [Theory]
    [InlineData(0x00, 0x0F, 0x4F, 720, 400)] // 80x25, 9-dot cells of 16 lines
    [InlineData(0x00, 0x07, 0x4F, 720, 400)] // 80x50, 8 lines per row
    [InlineData(0x08, 0x0F, 0x27, 640, 400)] // 40x25, half dot clock: 16-pixel cells (QEMU draws no 18-pixel ones)
    [InlineData(0x01, 0x0F, 0x4F, 640, 400)] // 8-dot cells
    public void TextGeometryFollowsClockingAndCharacterHeight(byte clockingMode, byte maxScanLine, byte horizontalEnd, int width, int height)
    {
        Sequencer(0x01, clockingMode);
        Crtc(0x11, 0x0E); // unlock CR00-CR07
        Crtc(0x09, maxScanLine);
        Crtc(0x01, horizontalEnd);
        DisplayFrame frame = new();
        _vga.Update(frame);
        Assert.Equal((width, height), (frame.Width, frame.Height));
    }

    [Fact]
    public void StateRoundTripKeepsMemoryAndVbe()
    {
        Vbe(Vga.VbeIndexXres, 640);
        Vbe(Vga.VbeIndexYres, 480);
        Vbe(Vga.VbeIndexBpp, 16);
        Vbe(Vga.VbeIndexEnable, Vga.VbeEnabled);
        _vga.WriteLinear(1000, 0x5A);
        MemoryStream stream = new();
        _vga.Save(new StateWriter(stream));
        Vga copy = new(new PhysicalMemory(1 << 20));
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0x5A, copy.ReadLinear(1000));
        Assert.True(copy.VbeActive);
        DisplayFrame a = new();
        DisplayFrame b = new();
        _vga.Update(a);
        copy.Update(b);
        Assert.Equal((640, 480), (b.Width, b.Height));
        Assert.Equal(a.Pixels, b.Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomRegisterAndMemoryTrafficNeverThrowsAndAlwaysDraws(int seed)
    {
        Random random = new(seed);
        DisplayFrame frame = new();
        for (int i = 0; i < 100_000; i++)
        {
            int action = random.Next(10);
            if (action < 3)
            {
                _rig.Out((ushort)(0x3B0 + random.Next(0x30)), (byte)random.Next(256));
            }
            else if (action < 5)
            {
                _rig.Bus.WriteWord((ushort)(Vga.VbeIndexPort + random.Next(2)), (ushort)random.Next(0x10000));
                _ = _rig.Bus.ReadWord(Vga.VbeDataPort);
            }
            else if (action < 7)
            {
                _memory.Write8((uint)(0xA0000 + random.Next(0x20000)), (byte)random.Next(256));
                _ = _memory.Read8((uint)(0xA0000 + random.Next(0x20000)));
            }
            else if (action < 9)
            {
                uint offset = (uint)random.Next(int.MaxValue);
                _vga.WriteLinear32(offset, (uint)random.Next());
                _vga.WriteLinear(offset & 0xFFFFFF, (byte)random.Next(256));
                _ = _vga.ReadLinear32(offset);
            }
            else if (random.Next(10) == 0)
            {
                _vga.Update(frame);
                Assert.Equal(frame.Width * frame.Height, frame.Pixels.Length);
            }
        }
    }

    private void SetMode13h()
    {
        Sequencer(0x01, 0x01);
        Sequencer(0x04, 0x0E);
        Graphics(0x05, 0x40);
        Graphics(0x06, 0x05);
        Crtc(0x09, 0x41);
        Crtc(0x13, 0x28);
        Crtc(0x14, 0x40);
        Crtc(0x17, 0xA3);
        _ = _rig.In(0x3DA);
        _rig.Out(0x3C0, 0x30);
        _rig.Out(0x3C0, 0x41);
        _rig.Out(0x3C0, 0x20);
    }

    private void SetPlanar()
    {
        Sequencer(0x02, 0x0F);
        Sequencer(0x04, 0x06);
        Graphics(0x05, 0x00);
        Graphics(0x06, 0x05);
    }

    private void Sequencer(byte index, byte value)
    {
        _rig.Out(0x3C4, index);
        _rig.Out(0x3C5, value);
    }

    private void Graphics(byte index, byte value)
    {
        _rig.Out(0x3CE, index);
        _rig.Out(0x3CF, value);
    }

    private void Crtc(byte index, byte value)
    {
        _rig.Out(0x3D4, index);
        _rig.Out(0x3D5, value);
    }

    private void Vbe(int index, int value)
    {
        _rig.Bus.WriteWord(Vga.VbeIndexPort, (ushort)index);
        _rig.Bus.WriteWord(Vga.VbeDataPort, (ushort)value);
    }

    private int ReadVbe(int index)
    {
        _rig.Bus.WriteWord(Vga.VbeIndexPort, (ushort)index);
        return _rig.Bus.ReadWord(Vga.VbeDataPort);
    }
}
