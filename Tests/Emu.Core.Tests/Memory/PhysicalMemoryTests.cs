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
    public void RamWritten_IsRaisedForStoresThroughTheBus()
    {
        PhysicalMemory mem = new(1 << 20);
        List<(uint, int)> seen = [];
        mem.RamWritten = (a, n) => seen.Add((a, n));
        mem.Write8(0x500, 1);
        mem.WriteBlock(0x600, [1, 2, 3]);
        Assert.Contains((0x500u, 1), seen);
        Assert.Contains((0x600u, 3), seen);
    }
}
