namespace Emu.Core.Tests.Cpu;

/// <summary>The decoded-block cache: blocks keep their identity, bucket collisions do not evict, memory is accounted.</summary>
public sealed class BlockCacheTests
{
    // 0000:1100 and 1000:1108 (physical 11108h) fall in the same hash bucket of the cache.
    private const string TwoCollidingRoutines = """
            mov cx, 1000
        again:
            call 0x0000:0x1100
            call 0x1000:0x1108
            loop again
            hlt
            times 0x100 - ($ - $$) nop
            inc ax
            retf
        """;

    [Fact]
    public void BlocksInTheSameBucket_AreBothKept()
    {
        TestMachine m = new(TwoCollidingRoutines);
        m.Memory.WriteBlock(0x11108, [0x43, 0xCB]); // inc bx; retf
        m.RunToHalt();
        Assert.Equal(1000u, m.Cpu.EAX & 0xFFFF);
        Assert.Equal(1000u, m.Cpu.EBX & 0xFFFF);

        // Each block decoded once: the entry, the loop body, its two calls' continuations, the two routines.
        Assert.InRange(m.Cpu.BlocksDecoded, 4, 12);
        (int blocks, long bytes) = m.Cpu.BlockCacheSize;
        Assert.Equal(m.Cpu.BlocksDecoded, blocks);
        Assert.InRange(bytes, blocks * 100L, blocks * 2000L);
    }

    [Fact]
    public void WithoutTheCache_EveryBlockIsDecodedEachTime()
    {
        TestMachine m = new(TwoCollidingRoutines, blockCache: false);
        m.Memory.WriteBlock(0x11108, [0x43, 0xCB]);
        m.RunToHalt();
        Assert.Equal(1000u, m.Cpu.EBX & 0xFFFF);
        Assert.True(m.Cpu.BlocksDecoded > 3000, $"{m.Cpu.BlocksDecoded} decodes");
        Assert.Equal((0, 0L), m.Cpu.BlockCacheSize);
    }
}
