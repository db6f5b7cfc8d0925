using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Tests.Misc;
using Emu.Devices.Video;

namespace Emu.Devices.Tests.Video;

public sealed class VgaRegisterTests
{
    private readonly DeviceRig _rig = new();
    private readonly PhysicalMemory _memory = new(1 << 20);
    private readonly Vga _vga;

    public VgaRegisterTests()
    {
        _vga = new Vga(_memory);
        _vga.Attach(_rig.Bus);
    }

    [Fact]
    public void RendersTheTextBufferAs80x25Lines()
    {
        WriteText(0, 0, "Hello");
        WriteText(24, 77, "end");
        _memory.Write8(0xB8000 + (2 * 80 * 2), 0x01);
        _memory.Write8(0xB8000 + (2 * 80 * 2) + 2, 0xC4);
        string[] lines = _vga.RenderLines();
        Assert.Equal(25, lines.Length);
        Assert.Equal("Hello", lines[0]);
        Assert.Equal("☺─", lines[2]);
        Assert.EndsWith("end", lines[24]);
        Assert.Equal(80, lines[24].Length);
        Assert.Equal(((byte)'H', (byte)0x07), _vga.GetCell(0, 0));
    }

    [Fact]
    public void StartAddressScrollsTheDisplayedPage()
    {
        WriteText(1, 0, "second row");
        _rig.Out(0x3D4, 0x0C);
        _rig.Out(0x3D5, 0x00);
        _rig.Out(0x3D4, 0x0D);
        _rig.Out(0x3D5, 80);
        Assert.Equal("second row", _vga.RenderLines()[0]);
    }

    [Fact]
    public void CursorRegistersThroughCrtcPorts()
    {
        _rig.Out(0x3D4, 0x0E);
        _rig.Out(0x3D5, 0x01);
        _rig.Out(0x3D4, 0x0F);
        _rig.Out(0x3D5, 0x40);
        Assert.Equal(0x140, _vga.CursorLocation);
        _rig.Out(0x3D4, 0x0A);
        _rig.Out(0x3D5, 0x20);
        Assert.False(_vga.CursorVisible);
        _rig.Out(0x3D4, 0x0E);
        Assert.Equal(0x01, _rig.In(0x3D5));
        Assert.Equal(0x0E, _rig.In(0x3D4));
    }

    [Fact]
    public void StatusReadTogglesRetraceAndResetsAttributeFlipFlop()
    {
        byte first = _rig.In(0x3DA);
        byte second = _rig.In(0x3DA);
        Assert.Equal(0x09, (first ^ second) & 0x09);

        _rig.Out(0x3C0, 0x01); // index (flip-flop was reset by the 3DA read)
        _rig.Out(0x3C0, 0x3F); // data
        _rig.Out(0x3C0, 0x21); // index again, PAS on
        Assert.Equal(0x3F, _rig.In(0x3C1));
        _rig.Out(0x3C0, 0x05); // this is data now
        _ = _rig.In(0x3DA);
        _rig.Out(0x3C0, 0x02); // index after reset
        Assert.Equal(0x00, _rig.In(0x3C0)); // QEMU reads 0 while the flip-flop points at data
        _rig.Out(0x3C0, 0x07); // data
        Assert.Equal(0x02, _rig.In(0x3C0));
    }

    [Fact]
    public void MiscSequencerGraphicsAndDacRegisters()
    {
        Assert.Equal(0x67, _rig.In(0x3CC));
        _rig.Out(0x3C2, 0x63);
        Assert.Equal(0x63, _rig.In(0x3CC));
        _rig.Out(0x3C4, 0x02);
        Assert.Equal(0x03, _rig.In(0x3C5));
        _rig.Out(0x3CE, 0x06);
        Assert.Equal(0x0E, _rig.In(0x3CF));
        _rig.Out(0x3C8, 0x10);
        _rig.Out(0x3C9, 0x3F);
        _rig.Out(0x3C9, 0x20);
        _rig.Out(0x3C9, 0xFF);
        _rig.Out(0x3C7, 0x10);
        // QEMU keeps all 8 bits (the 8-bit DAC of VBE uses them); a 6-bit DAC shows the low 6.
        Assert.Equal([0x3F, 0x20, 0xFF], [_rig.In(0x3C9), _rig.In(0x3C9), _rig.In(0x3C9)]);
    }

    [Fact]
    public void Cr11LockProtectsTimingRegisters()
    {
        _rig.Out(0x3D4, 0x11);
        _rig.Out(0x3D5, 0x8E); // protect on
        _rig.Out(0x3D4, 0x01);
        _rig.Out(0x3D5, 0x27);
        Assert.Equal(0x4F, _rig.In(0x3D5));
        Assert.Equal(80, _vga.Columns);
    }

    [Fact]
    public void StateRoundTrip()
    {
        _rig.Out(0x3D4, 0x0F);
        _rig.Out(0x3D5, 0x42);
        _rig.Out(0x3C8, 0x01);
        _rig.Out(0x3C9, 0x11); // a colour takes effect with its third component
        _rig.Out(0x3C9, 0x12);
        _rig.Out(0x3C9, 0x13);
        MemoryStream stream = new();
        _vga.Save(new StateWriter(stream));
        Vga copy = new(new PhysicalMemory(1 << 20));
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0x42, copy.CursorLocation);
        copy.WriteByte(0x3C7, 0x01);
        Assert.Equal(0x11, copy.ReadByte(0x3C9));
    }

    private void WriteText(int row, int column, string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            uint address = (uint)(0xB8000 + (((row * 80) + column + i) * 2));
            _memory.Write8(address, (byte)text[i]);
            _memory.Write8(address + 1, 0x07);
        }
    }
}
