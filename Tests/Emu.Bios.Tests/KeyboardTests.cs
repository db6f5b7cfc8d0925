using Emu.Bios.Structures;

namespace Emu.Bios.Tests;

public sealed class KeyboardTests
{
    private readonly BiosHarness _h = new();

    [Theory]
    [InlineData(new byte[] { 0x1E, 0x9E }, 0x1E61, 0x1E61)]
    [InlineData(new byte[] { 0x2A, 0x1E, 0x9E, 0xAA }, 0x1E41, 0x1E41)]
    [InlineData(new byte[] { 0x1D, 0x1E, 0x9E, 0x9D }, 0x1E01, 0x1E01)]
    [InlineData(new byte[] { 0x38, 0x1E, 0x9E, 0xB8 }, 0x1E00, 0x1E00)]
    [InlineData(new byte[] { 0x3B, 0xBB }, 0x3B00, 0x3B00)]
    [InlineData(new byte[] { 0x57, 0xD7 }, 0x8500, 0x8500)]
    [InlineData(new byte[] { 0xE0, 0x48, 0xE0, 0xC8 }, 0x48E0, 0x4800)]
    [InlineData(new byte[] { 0xE0, 0x1C, 0xE0, 0x9C }, 0xE00D, 0x1C0D)]
    [InlineData(new byte[] { 0xE0, 0x35, 0xE0, 0xB5 }, 0xE02F, 0x352F)]
    [InlineData(new byte[] { 0x1C, 0x9C }, 0x1C0D, 0x1C0D)]
    [InlineData(new byte[] { 0x01, 0x81 }, 0x011B, 0x011B)]
    [InlineData(new byte[] { 0x0E, 0x8E }, 0x0E08, 0x0E08)]
    [InlineData(new byte[] { 0x2A, 0x02, 0x82, 0xAA }, 0x0221, 0x0221)]
    [InlineData(new byte[] { 0xE0, 0x53, 0xE0, 0xD3 }, 0x53E0, 0x5300)]
    public void ScanCodesBecomeTheObservedKeyWords(byte[] codes, int extended, int plain)
    {
        Feed(codes);
        Assert.False(BiosHarness.Zero(_h.Call(0x16, ax: 0x1100)));
        Assert.Equal(extended, _h.Cpu.AX);
        _h.Call(0x16, ax: 0x0000);
        Assert.False(_h.WantsRetry);
        Assert.Equal(plain, _h.Cpu.AX);
    }

    [Fact]
    public void CapsLockTogglesLettersAndTheLedFlags()
    {
        Feed([0x3A, 0xBA, 0x1E, 0x9E]);
        Assert.Equal(0x40, _h.Context.Bda.Read8(BiosDataArea.ShiftFlags));
        Assert.Equal(0x04, _h.Context.Bda.Read8(BiosDataArea.KeyboardLeds));
        _h.Call(0x16, ax: 0x0000);
        Assert.Equal(0x1E41, _h.Cpu.AX);
    }

    [Fact]
    public void ShiftFlagsFollowHeldKeys()
    {
        Feed([0x2A]);
        _h.Call(0x16, ax: 0x0200);
        Assert.Equal(0x02, _h.Cpu.AL);
        Feed([0xAA]);
        _h.Call(0x16, ax: 0x0200);
        Assert.Equal(0x00, _h.Cpu.AL);
    }

    [Fact]
    public void ReadOnAnEmptyBufferAsksTheStubToWaitAndPeekSetsZf()
    {
        Assert.True(BiosHarness.Zero(_h.Call(0x16, ax: 0x0100)));
        _h.Call(0x16, ax: 0x0000);
        Assert.True(_h.WantsRetry);
    }

    [Fact]
    public void RingHoldsFifteenKeysAndWraps()
    {
        for (int i = 0; i < 16; i++)
        {
            _h.Call(0x16, ax: 0x0500, cx: (ushort)(0x1E00 + i));
            Assert.Equal(i < 15 ? 0 : 1, _h.Cpu.AL);
        }

        for (int i = 0; i < 15; i++)
        {
            _h.Call(0x16, ax: 0x1000);
            Assert.Equal(0x1E00 + i, _h.Cpu.AX);
        }

        _h.Call(0x16, ax: 0x0500, cx: 0x3920);
        Assert.Equal(0x1E, _h.Context.Bda.Read16(BiosDataArea.KeyboardTail));
    }

    [Fact]
    public void CapabilitiesAndId()
    {
        _h.Call(0x16, ax: 0x0900);
        Assert.Equal(0x0930, _h.Cpu.AX);
        _h.Call(0x16, ax: 0x0A00);
        Assert.Equal(0x41AB, _h.Cpu.BX);
    }

    [Fact]
    public void CtrlAltDelRequestsAWarmReset()
    {
        bool reset = false;
        _h.Bios.Keyboard.ResetRequested = () => reset = true;
        Feed([0x1D, 0x38, 0x53]);
        Assert.True(reset);
        Assert.Equal(0x1234, _h.Context.Bda.Read16(BiosDataArea.SoftResetFlag));
    }

    private void Feed(byte[] codes)
    {
        foreach (byte code in codes)
        {
            _h.Call(0x09, ax: (ushort)(0x4F00 | code));
        }
    }
}
