using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Devices.Chipset;
using Emu.Devices.Pci;

namespace Emu.Devices.Tests.Pci;

/// <summary>The i440FX PAM registers over the BIOS ROM, the way SeaBIOS unlocks, copies and locks (82441FX data sheet 3.2.18).</summary>
public sealed class I440fxPamTests
{
    private readonly PhysicalMemory _memory = new(4 << 20);
    private readonly I440fxHostBridge _host;
    private readonly byte[] _rom = new byte[0x20000];

    public I440fxPamTests()
    {
        for (int i = 0; i < _rom.Length; i++)
        {
            _rom[i] = (byte)(i >> 4);
        }

        _memory.MapRom(0xE0000, _rom);
        _host = new I440fxHostBridge(_memory);
        new PciBus(new IoBus(), _memory).Add(new PciAddress(0, 0), _host);
    }

    [Fact]
    public void AtResetTheRomAnswersAndWritesAreDropped()
    {
        Assert.Equal(_rom[0x1FFF0], _memory.Read8(0xFFFF0));
        _memory.Write8(0xFFFF0, 0x5A);
        Assert.Equal(_rom[0x1FFF0], _memory.Read8(0xFFFF0));
        Assert.Equal(0x02, _host.ReadConfig8(0x72));
    }

    [Fact]
    public void UnlockCopyLockLeavesAReadOnlyRamCopy()
    {
        _host.WriteConfig(0x59, 0x30, 1);           // F0000-FFFFF: RAM read/write
        _memory.Write8(0xF0010, 0xAB);
        Assert.Equal(0xAB, _memory.Read8(0xF0010));

        _host.WriteConfig(0x59, 0x10, 1);           // read RAM, writes to the ROM side (dropped)
        _memory.Write8(0xF0010, 0xCD);
        Assert.Equal(0xAB, _memory.Read8(0xF0010));

        _host.WriteConfig(0x59, 0x00, 1);           // back to the ROM
        Assert.Equal(_rom[0x10010], _memory.Read8(0xF0010));
    }

    [Fact]
    public void WriteOnlyModeReadsTheRomAndFillsTheRamUnderneath()
    {
        _host.WriteConfig(0x5F, 0x20, 1);           // EC000-EFFFF: write enable only
        _memory.Write8(0xEC000, 0x77);
        Assert.Equal(_rom[0xC000], _memory.Read8(0xEC000));
        _host.WriteConfig(0x5F, 0x10, 1);
        Assert.Equal(0x77, _memory.Read8(0xEC000));
        Assert.Equal(_rom[0x8000], _memory.Read8(0xE8000)); // the low nibble's segment is untouched
    }

    [Fact]
    public void ResetRestoresTheRom()
    {
        _host.WriteConfig(0x59, 0x30, 1);
        _memory.Write8(0xF0000, 0x99);
        _host.Reset();
        Assert.Equal(_rom[0x10000], _memory.Read8(0xF0000));
    }
}
