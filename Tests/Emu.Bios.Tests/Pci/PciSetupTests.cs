using Emu.Bios.Pci;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Devices.Chipset;
using Emu.Devices.Pci;
using Emu.Devices.Storage.Ide;

namespace Emu.Bios.Tests.Pci;

/// <summary>The built-in BIOS's PCI setup on the pc machine's functions: SeaBIOS's values (spec pc-pci-acpi.md section 2, ide-atapi-bios.md A.9).</summary>
public sealed class PciSetupTests
{
    private readonly IoBus _io = new();
    private readonly PhysicalMemory _memory = new(4 << 20);
    private readonly Pic8259Pair _pic = new();
    private readonly PciBus _bus;
    private readonly Piix3IsaBridge _isa;
    private readonly Piix3Ide _ide;

    public PciSetupTests()
    {
        _pic.Attach(_io);
        _bus = new PciBus(_io, _memory);
        new PciConfigPorts(_bus).Attach(_io);
        IdeController controller = new(_pic.GetLine(14), _pic.GetLine(15));
        controller.Attach(_io);
        _isa = new Piix3IsaBridge(_pic);
        _ide = new Piix3Ide(controller, _memory);
        _bus.Router = _isa;
        _bus.Add(new PciAddress(0, 0), new I440fxHostBridge(_memory));
        _bus.Add(new PciAddress(1, 0), _isa);
        _bus.Add(new PciAddress(1, 1), _ide);
    }

    [Fact]
    public void TheIdeBusMasterBarGoesToC000AndTheCommandRegisterTo0103()
    {
        PciSetup setup = new(_io);
        Assert.True(setup.Run());
        Assert.Equal([(0x00, 0x12378086u), (0x08, 0x70008086u), (0x09, 0x70108086u)], setup.Found);
        Assert.Equal(0xC001u, _ide.ReadConfig32(0x20));
        Assert.Equal((ushort)0x0103, _ide.Command);
        Assert.Equal(0x8000_8000u, _ide.ReadConfig32(0x40));
        Assert.True(_io.IsClaimed(0xC000));
    }

    [Fact]
    public void PirqsGoToIrq10And11AndTheElcrMakesThemLevelTriggered()
    {
        new PciSetup(_io).Run();
        Assert.Equal(0x0B0B_0A0Au, _isa.ReadConfig32(0x60));
        Assert.Equal(0x00, _io.ReadByte(0x4D0));
        Assert.Equal(0x0C, _io.ReadByte(0x4D1));
    }

    [Fact]
    public void AFunctionWithAPinGetsTheLineOfItsPirq()
    {
        PinnedFunction pinned = new();
        _bus.Add(new PciAddress(3, 0), pinned); // slot 3 INTA = PIRQC = IRQ 11
        new PciSetup(_io).Run();
        Assert.Equal(11, pinned.ReadConfig8(0x3C));
        Assert.Equal(0u, _ide.ReadConfig8(0x3C));
    }

    [Fact]
    public void WithoutAHostBridgeNothingIsTouched()
    {
        Assert.False(new PciSetup(new IoBus()).Run());
    }

    private sealed class PinnedFunction() : PciFunction(0x1234, 0x0001, 0, 0xFF0000, PciInterruptPin.IntA, "pinned");
}
