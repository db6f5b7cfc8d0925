using Emu.Devices.Pci;
using Emu.Devices.Video;

namespace Emu.Guest.Tests.Video;

/// <summary>
/// Where the standard VGA sits (spec pc-pci-acpi.md section 1): a default device at PCI 00:02.0 on
/// pc, isa-vga on isapc, absent under -vga none and -nodefaults (unless -vga std asks for it).
/// </summary>
public sealed class VgaPlacementTests
{
    [Fact]
    public void PcHasTheStdVgaAtSlotTwoWithItsBarsAssignedByPost()
    {
        using InProcessPc pc = new("-display", "none");
        pc.Machine.Run(5_000_000);
        PciFunction vga = Assert.IsType<VgaPci>(pc.Machine.Pci!.Bus.Find(new PciAddress(2, 0)));
        Assert.Equal((0x1234, 0x1111), (vga.VendorId, vga.DeviceId));
        Assert.Equal(0x0300, vga.ReadConfig16(0x0A));
        Assert.Equal(0xFD000008u, vga.ReadConfig32(0x10)); // prefetchable LFB, where SeaBIOS puts it
        Assert.NotNull(pc.Machine.Vga);
    }

    [Fact]
    public void IsaPcHasIsaVgaWithoutPci()
    {
        using InProcessPc pc = new("-machine", "isapc", "-display", "none");
        Assert.Null(pc.Machine.Pci);
        Vga vga = Assert.IsType<Vga>(pc.Machine.Vga);
        vga.WriteLinear(16, 0x5A);
        Assert.Equal(0x5A, pc.Machine.Memory.Read8(0xE000_0010));
    }

    [Theory]
    [InlineData(new[] { "-vga", "none" }, false)]
    [InlineData(new[] { "-nodefaults" }, false)]
    [InlineData(new[] { "-nodefaults", "-vga", "std" }, true)]
    public void VgaOptionAndNoDefaultsDecideWhetherThereIsOne(string[] args, bool present)
    {
        using InProcessPc pc = new(["-display", "none", .. args]);
        Assert.Equal(present, pc.Machine.Vga is not null);
        Assert.Equal(present, pc.Machine.Pci!.Bus.Find(new PciAddress(2, 0)) is not null);
    }
}
