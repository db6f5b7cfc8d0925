using Emu.Core.Memory;

namespace Emu.Core.Tests.Memory;

public sealed class PhysicalMemoryTests
{
    [Fact]
    public void BlockTransfers_RoundTripThroughRam()
    {
        PhysicalMemory mem = new(2 << 20);
        byte[] data = [.. Enumerable.Range(0, 9000).Select(i => (byte)(i * 7))];
        mem.WriteBlock(0x12345, data);
        byte[] back = new byte[data.Length];
        mem.ReadBlock(0x12345, back);
        Assert.Equal(data, back);
        Assert.Equal(data[0] | (data[1] << 8), mem.Read16(0x12345));
    }

    [Fact]
    public void WithA20Off_AccessesWrapAtOneMebibyte_InBlockTransfersToo()
    {
        PhysicalMemory mem = new(2 << 20) { A20Enabled = false };
        mem.WriteBlock(0xFFFFE, [1, 2, 3, 4]);
        Assert.Equal(3, mem.Read8(0x00000));
        Assert.Equal(4, mem.Read8(0x100001));
        mem.A20Enabled = true;
        Assert.Equal(0, mem.Read8(0x100000));
    }

    [Fact]
    public void RomIgnoresWrites_AndUnmappedSpaceReadsAllOnes()
    {
        PhysicalMemory mem = new(1 << 20);
        mem.MapRom(0xFFFF_0000, [0xEA, 0x5B]);
        mem.Write8(0xFFFF_0000, 0x00);
        Assert.Equal(0xEA, mem.Read8(0xFFFF_0000));
        Assert.Equal(0xFF, mem.Read8(0xFFFF_0002));
        Assert.Equal(0xFFFF_FFFFu, mem.Read32(0x8000_0000));
    }

    [Fact]
    public void BusMastersSeePastTheA20Gate_TheProcessorsBlockCopiesFollowIt()
    {
        PhysicalMemory mem = new(2 << 20) { A20Enabled = false };
        mem.DmaWrite(0x10_0010, [1, 2, 3]);
        mem.WriteBlock(0x10_0020, [4, 5]);

        Assert.Equal([1, 2, 3], mem.Ram.Slice(0x10_0010, 3).ToArray());
        Assert.Equal([4, 5], mem.Ram.Slice(0x20, 2).ToArray());
        byte[] seen = new byte[3];
        mem.DmaRead(0x10_0010, seen);
        Assert.Equal([1, 2, 3], seen);
        mem.ReadBlock(0x10_0010, seen);
        Assert.Equal([0, 0, 0], seen);
    }

    [Fact]
    public void BusMastersWriteRamOnly_RomKeepsItsBytesAndNothingAnswersPastRam()
    {
        PhysicalMemory mem = new(1 << 20);
        mem.MapRom(0xF_0000, [0xEA, 0xEB]);
        mem.DmaWrite(0xF_0000, [1, 2]);
        byte[] seen = new byte[2];
        mem.DmaRead(0xF_0000, seen);
        Assert.Equal([0xEA, 0xEB], seen);
        mem.DmaRead(0x20_0000, seen);
        Assert.Equal([0xFF, 0xFF], seen);
    }

    [Fact]
    public void WideAccessesInsideOnePageReachTheDeviceWhole_CrossingAPageSplitsThemInHalves()
    {
        PhysicalMemory mem = new(2 << 20);
        RecordingMmio device = new();
        mem.MapMmio(0xE000_0000, 2 * PhysicalMemory.PageSize, device);
        mem.Write32(0xE000_0010, 0x11223344);
        mem.Write16(0xE000_0020, 0x5566);
        _ = mem.Read32(0xE000_0030);
        Assert.Equal(["W32 10", "W16 20", "R32 30"], device.Log);

        device.Log.Clear();
        mem.Write32(0xE000_0FFE, 0xAABBCCDD);
        Assert.Equal(["W16 FFE", "W16 1000"], device.Log);
    }

    private sealed class RecordingMmio : IMmioHandler
    {
        public List<string> Log { get; } = [];

        public byte Read8(uint offset)
        {
            Log.Add($"R8 {offset:X}");
            return 0;
        }

        public void Write8(uint offset, byte value) => Log.Add($"W8 {offset:X}");

        public ushort Read16(uint offset)
        {
            Log.Add($"R16 {offset:X}");
            return 0;
        }

        public void Write16(uint offset, ushort value) => Log.Add($"W16 {offset:X}");

        public uint Read32(uint offset)
        {
            Log.Add($"R32 {offset:X}");
            return 0;
        }

        public void Write32(uint offset, uint value) => Log.Add($"W32 {offset:X}");
    }
}
