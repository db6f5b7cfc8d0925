namespace Emu.Bios.Tests;

public sealed class Int15SystemTests
{
    private readonly BiosHarness _h = new();

    [Theory]
    [InlineData(128, 0x07EE0000UL, 0x07FE0000UL)]
    [InlineData(256, 0x0FEE0000UL, 0x0FFE0000UL)]
    public void E820MapMatchesQemu(int megabytes, ulong highLength, ulong topBase)
    {
        BiosHarness h = new(ramBytes: megabytes << 20);
        List<(ulong Base, ulong Length, uint Type)> entries = [];
        uint next = 0;
        do
        {
            h.Memory.Write32(0x500 + 20, 0xDEADBEEF);
            h.Cpu.EAX = 0xE820;
            h.Cpu.EDX = 0x534D4150;
            h.Cpu.EBX = next;
            h.Cpu.ECX = 24;
            Assert.False(BiosHarness.Carry(h.Call(0x15, di: 0x500, es: 0)));
            Assert.Equal(0x534D4150u, h.Cpu.EAX);
            Assert.Equal(20u, h.Cpu.ECX);
            Assert.Equal(0xDEADBEEFu, h.Memory.Read32(0x500 + 20));
            entries.Add((h.Memory.Read32(0x500) | ((ulong)h.Memory.Read32(0x504) << 32),
                h.Memory.Read32(0x508) | ((ulong)h.Memory.Read32(0x50C) << 32), h.Memory.Read32(0x510)));
            next = h.Cpu.EBX;
        }
        while (next != 0);

        Assert.Equal(
        [
            (0UL, 0x9FC00UL, 1u), (0x9FC00UL, 0x400UL, 2u), (0xF0000UL, 0x10000UL, 2u),
            (0x100000UL, highLength, 1u), (topBase, 0x20000UL, 2u), (0xFFFC0000UL, 0x40000UL, 2u),
        ], entries);
    }

    [Fact]
    public void E820WithoutSignatureFailsKeepingAl()
    {
        _h.Cpu.EAX = 0xE820;
        _h.Cpu.EDX = 0;
        _h.Cpu.EBX = 0;
        _h.Cpu.ECX = 20;
        Assert.True(BiosHarness.Carry(_h.Int(0x15)));
        Assert.Equal(0x8620u, _h.Cpu.EAX);
    }

    [Theory]
    [InlineData(128, 0x06FE)]
    [InlineData(256, 0x0EFE)]
    public void MemorySizeServices(int megabytes, int blocksAbove16M)
    {
        BiosHarness h = new(ramBytes: megabytes << 20);
        Assert.False(BiosHarness.Carry(h.Call(0x15, ax: 0x8800)));
        Assert.Equal(0xFC00, h.Cpu.AX);

        Assert.False(BiosHarness.Carry(h.Call(0x15, ax: 0xE801)));
        Assert.Equal(0x3C00, h.Cpu.AX);
        Assert.Equal(0x3C00, h.Cpu.CX);
        Assert.Equal(blocksAbove16M, h.Cpu.BX);
        Assert.Equal(blocksAbove16M, h.Cpu.DX);
    }

    [Fact]
    public void ConfigurationTableAndEbda()
    {
        Assert.False(BiosHarness.Carry(_h.Call(0x15, ax: 0xC000)));
        Assert.Equal(0xF000, _h.Cpu.ES);
        Assert.Equal(0xE6F5, _h.Cpu.BX);
        Assert.Equal(0, _h.Cpu.AH);

        Assert.False(BiosHarness.Carry(_h.Call(0x15, ax: 0xC100)));
        Assert.Equal(0x9FC0, _h.Cpu.ES);
    }

    [Fact]
    public void UnknownFunctionIsAh86WithOneWarning()
    {
        Assert.True(BiosHarness.Carry(_h.Call(0x15, ax: 0x4101)));
        Assert.Equal(0x8601, _h.Cpu.AX);
        _h.Call(0x15, ax: 0x4101);
        Assert.Single(_h.Warnings, w => w.Contains("INT 15h function AH=41h"));
    }

    [Fact]
    public void WaitKeepsTheCallerInTheRomUntilTheTimeHasPassed()
    {
        _h.Call(0x15, ax: 0x8600, cx: 0x0001, dx: 0x86A0);
        Assert.True(_h.WantsRetry);

        _h.InstructionCount = 50_000_000;
        _h.Call(0x15, ax: 0x8600);
        Assert.True(_h.WantsRetry);

        _h.InstructionCount = 100_000_000;
        ushort flags = _h.Call(0x15, ax: 0x8600);
        Assert.False(_h.WantsRetry);
        Assert.False(BiosHarness.Carry(flags));
        Assert.Equal(0x8600, _h.Cpu.AX);
    }

    [Fact]
    public void BlockMoveCopiesAboveOneMegabyte()
    {
        _h.Memory.WriteBlock(0x8000, "block move"u8);
        uint gdt = 0x900;
        WriteDescriptor(gdt + 0x10, 0x8000);
        WriteDescriptor(gdt + 0x18, 0x200000);
        Assert.False(BiosHarness.Carry(_h.Call(0x15, ax: 0x8700, cx: 5, si: (ushort)gdt, es: 0)));
        Assert.Equal(0, _h.Cpu.AH);
        byte[] copy = new byte[10];
        _h.Memory.ReadBlock(0x200000, copy);
        Assert.Equal("block move"u8.ToArray(), copy);
    }

    private void WriteDescriptor(uint address, uint linear)
    {
        _h.Memory.Write16(address, 0xFFFF);
        _h.Memory.Write16(address + 2, (ushort)linear);
        _h.Memory.Write8(address + 4, (byte)(linear >> 16));
        _h.Memory.Write8(address + 5, 0x93);
        _h.Memory.Write8(address + 7, (byte)(linear >> 24));
    }

    [Fact]
    public void SpeedStepQueryIsUnimplementedWithoutAWarning()
    {
        // Linux's real-mode setup asks AX=E980h, EDX='SMIC' (query_ist); SeaBIOS answers AH=86h, CF=1.
        _h.Cpu.EAX = 0xE980;
        _h.Cpu.EDX = 0x47534943;
        Assert.True(BiosHarness.Carry(_h.Int(0x15)));
        Assert.Equal(0x86, _h.Cpu.AH);
        Assert.Equal(0x80, _h.Cpu.AL);
        Assert.Empty(_h.Warnings);
    }
}
