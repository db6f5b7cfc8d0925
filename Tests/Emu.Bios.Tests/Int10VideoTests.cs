using System.Text;

namespace Emu.Bios.Tests;

public sealed class Int10VideoTests
{
    private readonly BiosHarness _h = new();

    private (int Row, int Column) Cursor
    {
        get
        {
            _h.Cpu.AX = 0x0300;
            _h.Cpu.BX = 0;
            _h.Int(0x10);
            return (_h.Cpu.DH, _h.Cpu.DL);
        }
    }

    [Fact]
    public void GetModeReportsMode3With80Columns()
    {
        _h.Cpu.AX = 0x0F00;
        _h.Int(0x10);
        Assert.Equal(0x5003, _h.Cpu.AX);
        Assert.Equal(0, _h.Cpu.BH);
    }

    [Fact]
    public void SetModeClearsTheScreenAndHomesTheCursor()
    {
        Type("xyz");
        _h.Cpu.AX = 0x0003;
        _h.Int(0x10);
        Assert.Equal(0x30, _h.Cpu.AL);
        Assert.Equal(0x0720, _h.Memory.Read16(0xB8000));
        Assert.Equal((0, 0), Cursor);
    }

    [Fact]
    public void TeletypeWritesGlyphsKeepsAttributesAndHandlesControlCodes()
    {
        SetCursor(3, 0);
        _h.Memory.Write16(0xB8000 + (3 * 160), 0x1E20);
        Type("Q");
        Assert.Equal(0x1E51, _h.Memory.Read16(0xB8000 + (3 * 160)));
        Assert.Equal((3, 1), Cursor);

        Type("\a");
        Assert.Equal((3, 1), Cursor);
        Type("\b\b");
        Assert.Equal((3, 0), Cursor);
        Type("\t");
        Assert.Equal(0x09, _h.Memory.Read8(0xB8000 + (3 * 160)));
        Type("\r\n");
        Assert.Equal((4, 0), Cursor);
    }

    [Fact]
    public void TeletypePastTheLastCellScrollsUp()
    {
        SetCursor(24, 79);
        Type("Z");
        Assert.Equal((24, 0), Cursor);
        Assert.Equal((byte)'Z', _h.Memory.Read8(0xB8000 + (23 * 160) + (79 * 2)));
        Assert.Equal(0x0720, _h.Memory.Read16(0xB8000 + (24 * 160)));
    }

    [Fact]
    public void WriteCharAttributeThenReadItBack()
    {
        SetCursor(5, 10);
        _h.Cpu.AX = 0x0951;
        _h.Cpu.BX = 0x001E;
        _h.Cpu.CX = 3;
        _h.Int(0x10);
        Assert.Equal((5, 10), Cursor);

        SetCursor(5, 12);
        _h.Cpu.AX = 0x0800;
        _h.Cpu.BX = 0;
        _h.Int(0x10);
        Assert.Equal(0x1E51, _h.Cpu.AX);
    }

    [Fact]
    public void WriteStringMovesTheCursorWhenAsked()
    {
        _h.Memory.WriteBlock(0x600, "hi"u8);
        _h.Cpu.AX = 0x1301;
        _h.Cpu.BX = 0x0007;
        _h.Cpu.CX = 2;
        _h.Cpu.DX = 0x0502;
        _h.Cpu.ES = 0;
        _h.Cpu.BP = 0x600;
        _h.Int(0x10);
        Assert.Equal((5, 4), Cursor);
        Assert.Equal((byte)'h', _h.Memory.Read8(0xB8000 + (5 * 160) + 4));
    }

    [Fact]
    public void ScrollWindowUpClearsTheBottomLines()
    {
        SetCursor(1, 0);
        Type("A");
        _h.Cpu.AX = 0x0601;
        _h.Cpu.BX = 0x1700;
        _h.Cpu.CX = 0x0000;
        _h.Cpu.DX = 0x184F;
        _h.Int(0x10);
        Assert.Equal((byte)'A', _h.Memory.Read8(0xB8000));
        Assert.Equal(0x1720, _h.Memory.Read16(0xB8000 + (24 * 160)));
    }

    [Fact]
    public void VbeIsAbsentSoLoadersFallBackToText()
    {
        _h.Cpu.AX = 0x4F00;
        _h.Int(0x10);
        Assert.NotEqual(0x4F, _h.Cpu.AL);
    }

    [Fact]
    public void SerialConsoleMirrorIsLazyByOneCharacter()
    {
        List<byte> serial = [];
        BiosHarness h = new(new BiosConfiguration { SerialConsole = serial.Add });
        string start = Encoding.ASCII.GetString(serial.ToArray());
        Assert.StartsWith("\u001Bc\u001B[?7l\u001B[2J\u001B[0mEmu BIOS", start);
        h.Bios.Video.Tick();
        serial.Clear();

        foreach (char c in "AB")
        {
            h.Cpu.AX = (ushort)(0x0E00 | c);
            h.Int(0x10);
        }

        serial.AddRange("CD"u8.ToArray());
        h.Cpu.AX = 0x0E7C;
        h.Int(0x10);
        Assert.Equal("ACDB", Encoding.ASCII.GetString(serial.ToArray()));

        h.Bios.Video.Tick();
        Assert.Equal("ACDB|", Encoding.ASCII.GetString(serial.ToArray()));
    }

    [Fact]
    public void SerialConsoleMirrorWritesAnAh13StringAtItsPositionWithItsAttributes()
    {
        List<byte> serial = [];
        BiosHarness h = new(new BiosConfiguration { SerialConsole = serial.Add });
        h.Bios.Video.Tick();
        serial.Clear();

        "H\u001Ei\u0007"u8.ToArray().CopyTo(h.Memory.Ram.Slice(0x5000));
        h.Cpu.AX = 0x1303;
        h.Cpu.BX = 0;
        h.Cpu.CX = 2;
        h.Cpu.DX = 0x0205;
        h.Cpu.ES = 0x0500;
        h.Cpu.BP = 0;
        h.Int(0x10);

        Assert.Equal("\u001B[03;06H\u001B[0;33;44;1mH\u001B[0mi", Encoding.ASCII.GetString(serial.ToArray()));
        Assert.Equal(0x1E48, h.Memory.Read16(0xB8000 + (((2 * 80) + 5) * 2)));
    }

    [Fact]
    public void WithAVideoRomTheMirrorSeesTeletypeBeforeTheCallIsPassedOn()
    {
        List<byte> serial = [];
        BiosHarness h = new(new BiosConfiguration { SerialConsole = serial.Add });
        h.Memory.Write32(0x40, 0xC000_1234);
        h.Bios.Dispatch(HleBios.PostVideoService);
        h.Bios.Video.Tick();
        serial.Clear();

        h.Cpu.AX = 0x0E41;
        h.Int(0x10);
        h.Bios.Video.Tick();

        // No ROM runs here to move the cursor, so the tick brings the terminal back to where the BDA says.
        Assert.Equal("A\r", Encoding.ASCII.GetString(serial.ToArray()));
        Assert.Equal(0x0720, h.Memory.Read16(0xB8000 + (2 * 160)));
        Assert.True(h.WantsRetry);
    }

    private void SetCursor(int row, int column)
    {
        _h.Cpu.AX = 0x0200;
        _h.Cpu.BX = 0;
        _h.Cpu.DX = (ushort)((row << 8) | column);
        _h.Int(0x10);
    }

    private void Type(string text)
    {
        foreach (char c in text)
        {
            _h.Cpu.AX = (ushort)(0x0E00 | c);
            _h.Cpu.BX = 0;
            _h.Int(0x10);
        }
    }
}
