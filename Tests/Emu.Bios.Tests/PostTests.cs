using Emu.Bios.Rom;
using Emu.Bios.Structures;
using Emu.TestSupport;

namespace Emu.Bios.Tests;

public sealed class PostTests
{
    private readonly BiosHarness _h = new();

    [Fact]
    public void BdaHoldsTheObservedPostValues()
    {
        BiosDataArea bda = _h.Context.Bda;
        Assert.Equal(0x9FC0, bda.Read16(BiosDataArea.EbdaSegment));
        Assert.Equal(0x027F, bda.Read16(BiosDataArea.MemorySizeKiB));
        Assert.Equal(0x001E, bda.Read16(BiosDataArea.KeyboardHead));
        Assert.Equal(0x001E, bda.Read16(BiosDataArea.KeyboardTail));
        Assert.Equal(0x001E, bda.Read16(BiosDataArea.KeyboardBufferStart));
        Assert.Equal(0x003E, bda.Read16(BiosDataArea.KeyboardBufferEnd));
        Assert.Equal(0x03, bda.Read8(BiosDataArea.VideoMode));
        Assert.Equal(80, bda.Read16(BiosDataArea.VideoColumns));
        Assert.Equal(0x1000, bda.Read16(BiosDataArea.VideoPageSize));
        Assert.Equal(0x18, bda.Read8(BiosDataArea.VideoRows));
        Assert.Equal(0x0607, bda.Read16(BiosDataArea.CursorShape));
        Assert.Equal(0x03D4, bda.Read16(BiosDataArea.CrtcBase));
        Assert.Equal(0x10, bda.Read8(BiosDataArea.KeyboardStatus3));
        Assert.Equal(1, _h.Memory.Read8(0x9FC00));
    }

    [Fact]
    public void EquipmentWordReportsOnlyWhatIsThere()
    {
        // No UART or LPT on this bus: one floppy, FPU, 80x25 colour.
        Assert.Equal(0x0023, _h.Context.Bda.Read16(BiosDataArea.EquipmentWord));
    }

    [Fact]
    public void EveryVectorPointsAtSomethingThatReturns()
    {
        for (int vector = 0; vector < 256; vector++)
        {
            ushort offset = _h.Memory.Read16((uint)(vector * 4));
            ushort segment = _h.Memory.Read16((uint)((vector * 4) + 2));
            if (segment == 0)
            {
                Assert.Contains(vector, (int[])[0x1D, 0x1F, 0x41, 0x43, 0x46, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x79]);
                continue;
            }

            Assert.Equal(0xF000, segment);
            Assert.NotEqual(0, _h.Memory.Read8(0xF0000u + offset));
        }

        Assert.Equal(0xCF, _h.Memory.Read8(0xF0000u + _h.Memory.Read16(0x1C * 4)));
        Assert.Equal(BiosLayout.DisketteTable, _h.Memory.Read16(0x1E * 4));
    }

    [Fact]
    public void RomHasTheResetVectorDateModelAndTables()
    {
        byte[] reset = new byte[5];
        _h.Memory.ReadBlock(0xFFFF0, reset);
        Assert.Equal(new byte[] { 0xEA, 0x5B, 0xE0, 0x00, 0xF0 }, reset);
        byte[] high = new byte[5];
        _h.Memory.ReadBlock(0xFFFFFFF0, high);
        Assert.Equal(reset, high);
        byte[] date = new byte[8];
        _h.Memory.ReadBlock(0xFFFF5, date);
        Assert.Equal("06/23/99"u8.ToArray(), date);
        Assert.Equal(0xFC, _h.Memory.Read8(0xFFFFE));
        byte[] config = new byte[10];
        _h.Memory.ReadBlock(0xFE6F5, config);
        Assert.Equal(new byte[] { 0x08, 0x00, 0xFC, 0x00, 0x01, 0x74, 0x40, 0x00, 0x00, 0x00 }, config);
        Assert.Equal(0xAF, _h.Memory.Read8(0xF601C));
        Assert.Equal(0x12, _h.Memory.Read8(0xF601C + 4));
    }

    [Fact]
    public void TickCountStartsFromTheRtcTime()
    {
        BiosHarness h = WithCmosTime(0x12, 0x34, 0x56);
        Assert.Equal(0x000C956Au, h.Context.Bda.Read32(BiosDataArea.TimerTicks));
    }

    [Fact]
    public void RtcIsLeftIn24HourBcdWithTheDefaultRate()
    {
        FakeCmos cmos = new();
        BiosHarness h = new(new BiosConfiguration());
        cmos.Attach(h.Io);
        h.Bios.Dispatch(HleBios.PostService);
        Assert.Equal(0x26, cmos.Bytes[0x0A]);
        Assert.Equal(0x02, cmos.Bytes[0x0B]);
    }

    internal static BiosHarness WithCmosTime(byte hours, byte minutes, byte seconds)
    {
        BiosHarness h = new();
        FakeCmos cmos = new();
        cmos.Bytes[0] = seconds;
        cmos.Bytes[2] = minutes;
        cmos.Bytes[4] = hours;
        cmos.Attach(h.Io);
        h.Cpu.SP = 0xFFFC;
        h.Bios.Dispatch(HleBios.PostService);
        return h;
    }
}
