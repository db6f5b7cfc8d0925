using Emu.Monitor.Block;
using Emu.TestSupport;

namespace Emu.Monitor.Tests;

/// <summary>A medium closes when its drive lets it go and no export holds it any more (QEMU's bdrv_unref).</summary>
public sealed class MediumHoldsTests
{
    [Fact]
    public void AnUnheldMediumClosesAtOnce()
    {
        MediumHolds holds = new();
        MemoryBackend medium = new(new byte[512]);

        holds.Close(medium);

        Assert.Equal(1, medium.DisposeCount);
    }

    [Fact]
    public void AHeldMediumClosesWhenTheLastHoldEnds()
    {
        MediumHolds holds = new();
        MemoryBackend medium = new(new byte[512]);
        IDisposable first = holds.Hold(medium);
        IDisposable second = holds.Hold(medium);

        holds.Close(medium);
        first.Dispose();
        first.Dispose();
        Assert.Equal(0, medium.DisposeCount);
        Assert.Equal(1, holds.HoldCount(medium));

        second.Dispose();
        Assert.Equal(1, medium.DisposeCount);
        Assert.Equal(0, holds.HoldCount(medium));
    }

    [Fact]
    public void ReleasingAHoldLeavesAMediumItsDriveStillUsesOpen()
    {
        MediumHolds holds = new();
        MemoryBackend medium = new(new byte[512]);

        holds.Hold(medium).Dispose();

        Assert.Equal(0, medium.DisposeCount);
        holds.Close(medium);
        Assert.Equal(1, medium.DisposeCount);
    }
}
