using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Pci;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Pci;

/// <summary>Configuration mechanism #1, the config header's masks, BAR sizing and mapping (PCI Local Bus 3.0, 3.2.2.3.2 and 6.2).</summary>
public sealed class PciBusTests
{
    private readonly IoBus _io = new();
    private readonly PhysicalMemory _memory = new(4 << 20);
    private readonly PciBus _bus;
    private readonly TestFunction _function = new();

    public PciBusTests()
    {
        _bus = new PciBus(_io, _memory);
        new PciConfigPorts(_bus).Attach(_io);
        _bus.Add(new PciAddress(3, 0), _function);
    }

    private uint Read32(int slot, int function, int offset)
    {
        _io.WriteDword(0xCF8, 0x8000_0000u | (uint)(slot << 11) | (uint)(function << 8) | (uint)(offset & 0xFC));
        return _io.ReadDword(0xCFC);
    }

    private void Write32(int slot, int offset, uint value)
    {
        _io.WriteDword(0xCF8, 0x8000_0000u | (uint)(slot << 11) | (uint)(offset & 0xFC));
        _io.WriteDword(0xCFC, value);
    }

    [Fact]
    public void IdsReadThroughCf8AndAbsentFunctionsReadAllOnes()
    {
        Assert.Equal(0x5678_1234u, Read32(3, 0, 0));
        Assert.Equal(0x0200_0003u, Read32(3, 0, 8));
        Assert.Equal(0xFFFF_FFFFu, Read32(4, 0, 0));
        Assert.Equal(0xFFFF_FFFFu, Read32(3, 1, 0));
    }

    [Fact]
    public void ByteAndWordAccessesUseThePortsLowBits()
    {
        _io.WriteDword(0xCF8, 0x8000_1800);
        Assert.Equal(0x34, _io.ReadByte(0xCFC));
        Assert.Equal(0x12, _io.ReadByte(0xCFD));
        Assert.Equal(0x5678, _io.ReadWord(0xCFE));
        _io.WriteDword(0xCF8, 0x8000_183C);
        _io.WriteByte(0xCFC, 11);
        Assert.Equal(0x0000_010Bu, Read32(3, 0, 0x3C)); // line 11, pin INTA
    }

    [Fact]
    public void WithoutTheEnableBitOrOnAnotherBusNothingIsSelected()
    {
        _io.WriteDword(0xCF8, 0x0000_1800);
        Assert.Equal(0xFFFF_FFFFu, _io.ReadDword(0xCFC));
        _io.WriteDword(0xCF8, 0x8001_1800);
        Assert.Equal(0xFFFF_FFFFu, _io.ReadDword(0xCFC));
        Assert.Equal(0x8001_1800u, _io.ReadDword(0xCF8));
    }

    [Fact]
    public void ReadOnlyRegistersIgnoreWritesAndStatusErrorsClearByWritingOne()
    {
        Write32(3, 0, 0xFFFF_FFFF);
        Assert.Equal(0x5678_1234u, Read32(3, 0, 0));
        Write32(3, 4, 0xFFFF_FFFF);
        Assert.Equal(0x0000_0507u, Read32(3, 0, 4)); // IO, MEM, MASTER, SERR, INTx disable; status error bits were 0
    }

    [Fact]
    public void SizingABarReadsBackTheSizeMaskWithTheTypeBits()
    {
        Write32(3, 0x10, 0xFFFF_FFFF);
        Write32(3, 0x14, 0xFFFF_FFFF);
        Write32(3, 0x18, 0xFFFF_FFFF);
        Write32(3, 0x30, 0xFFFF_FFFE);
        Assert.Equal(0xFFFF_FFC1u, Read32(3, 0, 0x10));
        Assert.Equal(0xFFFF_E000u, Read32(3, 0, 0x14));
        Assert.Equal(0xFF00_0008u, Read32(3, 0, 0x18));
        Assert.Equal(0xFFFF_0000u, Read32(3, 0, 0x30));
        Assert.Equal(0u, Read32(3, 0, 0x1C)); // no BAR3
    }

    [Fact]
    public void AnIoBarDecodesOnlyWithTheIoCommandBit()
    {
        Write32(3, 0x10, 0xC000);
        Assert.False(_io.IsClaimed(0xC000));
        Write32(3, 4, PciConfig.CommandIo);
        Assert.Equal(0x5A, _io.ReadByte(0xC03F));
        _io.WriteByte(0xC010, 7);
        Assert.Equal((ushort)0xC010, _function.Ports.Writes[0].Port);

        Write32(3, 0x10, 0xD000);
        Assert.False(_io.IsClaimed(0xC000));
        Assert.Equal(0x5A, _io.ReadByte(0xD000));
        Write32(3, 4, 0);
        Assert.False(_io.IsClaimed(0xD000));
        Assert.Null(_function.IoBar.MappedAt);
    }

    [Fact]
    public void AnIoBarOverClaimedPortsStaysUnmapped()
    {
        _io.Claim(0x1F0, 8, new TestFunction.RecordingPorts(), "ide");
        Write32(3, 0x10, 0x1C0);
        Write32(3, 4, PciConfig.CommandIo);
        Assert.Null(_function.IoBar.MappedAt);
        Assert.False(_io.IsClaimed(0x1C0));
    }

    [Fact]
    public void MemoryBarsMapAboveRamAndNeverOverRam()
    {
        Write32(3, 0x14, 0xFEBF_0000);
        Write32(3, 0x18, 0x0010_0000); // inside RAM: refused
        Write32(3, 4, PciConfig.CommandMemory);
        Assert.Equal(0xFEBF_0000u, _function.MemoryBar.MappedAt);
        Assert.Null(_function.PrefetchBar.MappedAt);
        Assert.Equal(0x34, _memory.Read8(0xFEBF_1034));
        _memory.Write8(0xFEBF_0004, 9);
        Assert.Equal((4u, (byte)9), _function.Window.Writes[0]);

        Write32(3, 0x14, 0xFEBE_0000);
        Assert.Equal(0xFF, _memory.Read8(0xFEBF_1034));
        Assert.Equal(0x34, _memory.Read8(0xFEBE_1034));
        _memory.Write8(0x0010_0000, 0x77);
        Assert.Equal(0x77, _memory.Read8(0x0010_0000));
    }

    [Fact]
    public void TheRomBarNeedsItsEnableBitAndTheMemoryCommandBit()
    {
        Write32(3, 4, PciConfig.CommandMemory);
        Write32(3, 0x30, 0xFEB0_0000);
        Assert.Null(_function.RomBar.MappedAt);
        Write32(3, 0x30, 0xFEB0_0001);
        Assert.Equal(0xFEB0_0000u, _function.RomBar.MappedAt);
        Assert.Equal(0x12, _memory.Read8(0xFEB0_0012));
    }

    [Fact]
    public void RemappingManyTimesReusesWindowSlots()
    {
        Write32(3, 4, PciConfig.CommandMemory);
        for (uint i = 0; i < 70_000; i++)
        {
            Write32(3, 0x14, 0xE000_0000 + ((i & 0xFF) << 13));
        }

        Assert.Equal(0x01, _memory.Read8(0xE000_0000 + ((69_999u & 0xFF) << 13) + 1));
    }

    [Fact]
    public void PinsRotateAcrossSlotsOntoPirqs()
    {
        Assert.Equal(0, PciBus.PirqOf(new PciAddress(1, 0), Emu.Devices.Pci.PciInterruptPin.IntA));
        Assert.Equal(1, PciBus.PirqOf(new PciAddress(2, 0), Emu.Devices.Pci.PciInterruptPin.IntA));
        Assert.Equal(3, PciBus.PirqOf(new PciAddress(3, 0), Emu.Devices.Pci.PciInterruptPin.IntB));
        Assert.Equal(0, PciBus.PirqOf(new PciAddress(4, 0), Emu.Devices.Pci.PciInterruptPin.IntB));
    }

    [Fact]
    public void AnInterruptReachesThePicThroughThePirqRouteAndIntxDisableMasksIt()
    {
        RecordingIrqController pic = new();
        Piix3IsaBridge piix3 = new(pic);
        _bus.Router = piix3;
        _bus.Add(new PciAddress(1, 0), piix3);

        _function.SetIrq(true); // slot 3 INTA = PIRQC
        Assert.Equal(PciConfig.StatusInterrupt, (ushort)(Read32(3, 0, 4) >> 16) & PciConfig.StatusInterrupt);
        Assert.False(pic.Level(11));
        Write32(1, 0x60, 0x800B_8080); // PIRQC -> IRQ 11
        Assert.True(pic.Level(11));

        Write32(3, 4, PciConfig.CommandIntxDisable);
        Assert.False(pic.Level(11));
        Write32(3, 4, 0);
        Assert.True(pic.Level(11));

        Write32(1, 0x60, 0x800A_8080); // moved to IRQ 10
        Assert.False(pic.Level(11));
        Assert.True(pic.Level(10));
        _function.SetIrq(false);
        Assert.False(pic.Level(10));
    }

    [Fact]
    public void TwoPirqsOnOneIrqAreWireOred()
    {
        RecordingIrqController pic = new();
        Piix3IsaBridge piix3 = new(pic);
        _bus.Router = piix3;
        _bus.Add(new PciAddress(1, 0), piix3);
        TestFunction other = new(name: "other");
        _bus.Add(new PciAddress(4, 0), other); // INTA = PIRQD
        Write32(1, 0x60, 0x0B0B_8080);
        _function.SetIrq(true);
        other.SetIrq(true);
        _function.SetIrq(false);
        Assert.True(pic.Level(11));
        other.SetIrq(false);
        Assert.False(pic.Level(11));
    }

    [Fact]
    public void ResetControlBit2RequestsAReset()
    {
        RecordingIrqController pic = new();
        Piix3IsaBridge piix3 = new(pic);
        PciConfigPorts ports = new(_bus) { ResetControl = piix3 };
        IoBus io = new();
        ports.Attach(io);
        int resets = 0;
        piix3.ResetRequested = () => resets++;
        io.WriteByte(0xCF9, 0x02);
        Assert.Equal(0x02, io.ReadByte(0xCF9));
        Assert.Equal(0, resets);
        io.WriteByte(0xCF9, 0x06);
        Assert.Equal(1, resets);
    }

    [Fact]
    public void StateRoundTripRestoresConfigAndMappings()
    {
        Write32(3, 0x10, 0xC040);
        Write32(3, 4, PciConfig.CommandIo);
        MemoryStream stream = new();
        _function.Save(new StateWriter(stream));

        IoBus io = new();
        PciBus bus = new(io, new PhysicalMemory(4 << 20));
        TestFunction copy = new();
        bus.Add(new PciAddress(3, 0), copy);
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0xC041u, copy.ReadConfig32(0x10));
        Assert.Equal(0x5A, io.ReadByte(0xC040));

        copy.Reset();
        Assert.False(io.IsClaimed(0xC040));
        Assert.Equal(1u, copy.ReadConfig32(0x10));
    }
}
