using Emu.Bios.Rom;
using Emu.Bios.Video;
using Emu.Core.Cpu;

namespace Emu.Bios.Tests;

/// <summary>POST with a display card's video ROM: copied to C0000h, entered with the PCI devfn in AX, INT 10h passed on to it.</summary>
public sealed class VideoRomPostTests
{
    private const string StdVgaRom = "/usr/share/seabios/vgabios-stdvga.bin";

    private readonly BiosHarness _h = new(new BiosConfiguration { VideoRom = VideoOptionRom.Parse(File.ReadAllBytes(StdVgaRom), 0x10) });

    [Fact]
    public void PostCopiesTheRomAndAsksTheStubToCallItWithTheDevfn()
    {
        Assert.Equal(0xAA55, _h.Memory.Read16(0xC0000));
        Assert.Equal(0x0010, _h.Cpu.AX);
        Assert.Equal(0xFFFF, _h.Cpu.BX);
        Assert.Equal(0xFFFF, _h.Cpu.DX);
        Assert.NotEqual(0u, _h.Cpu.EFLAGS & (uint)EFlags.ZF);
    }

    [Fact]
    public void TheHookedVectorBecomesThePassOnTargetAndInt10hStaysTheBiosOwn()
    {
        (ushort segment, ushort offset) = _h.Bios.VectorEntry(0x10);
        _h.Memory.Write16(0x40, 0x1234);
        _h.Memory.Write16(0x42, 0xC000);
        _h.Bios.Dispatch(HleBios.PostVideoService);

        Assert.True(_h.Bios.Video.PassesOn);
        Assert.Equal(offset, _h.Memory.Read16(0x40));
        Assert.Equal(segment, _h.Memory.Read16(0x42));
        Assert.Equal(0xC0001234u, _h.Memory.Read32(BiosLayout.RomBase + BiosLayout.VideoRomVector));
    }

    [Fact]
    public void APassedOnCallLeavesTheRegistersAndSetsZfForTheStubsJump()
    {
        _h.Memory.Write16(0x40, 0x1234);
        _h.Memory.Write16(0x42, 0xC000);
        _h.Bios.Dispatch(HleBios.PostVideoService);
        _h.Cpu.AX = 0x4F02;
        _h.Cpu.BX = 0x4101;
        _h.Int(0x10);
        Assert.Equal(0x4F02, _h.Cpu.AX);
        Assert.Equal(0x4101, _h.Cpu.BX);
        Assert.NotEqual(0u, _h.Cpu.EFLAGS & (uint)EFlags.ZF);
    }

    [Fact]
    public void ARomThatDoesNotHookInt10hLeavesTheBuiltInService()
    {
        _h.Bios.Dispatch(HleBios.PostVideoService);
        Assert.False(_h.Bios.Video.PassesOn);
        Assert.Contains(_h.Warnings, w => w.Contains("did not hook INT 10h", StringComparison.Ordinal));
    }
}
