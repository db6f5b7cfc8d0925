using Emu.Core.State;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>The channel registers, selection, resets and IRQ rules of spec ide-atapi-bios.md A.1-A.4 and B.9.</summary>
public sealed class IdeControllerTests
{
    [Fact]
    public void ChannelWithoutDevicesReadsZeroEverywhere()
    {
        IdeRig rig = new();
        for (ushort port = 0x1F1; port <= 0x1F7; port++)
        {
            Assert.Equal(0, rig.In(port));
        }

        Assert.Equal(0, rig.In(IdeRig.Control));
        Assert.Equal(0, rig.InWord(IdeRig.Data));
        Assert.Equal(0, rig.In(0x177));
        Assert.Equal(0, rig.In(0x376));
    }

    [Fact]
    public void DiskShowsPowerOnSignature()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        Assert.Equal(0x00, rig.In(IdeRig.Error));
        Assert.Equal(0x01, rig.In(IdeRig.Count));
        Assert.Equal(0x01, rig.In(IdeRig.SectorReg));
        Assert.Equal(0x00, rig.In(IdeRig.CylLow));
        Assert.Equal(0x00, rig.In(IdeRig.CylHigh));
        Assert.Equal(0xA0, rig.In(IdeRig.Device));
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0x50, rig.In(IdeRig.Control));
    }

    [Fact]
    public void AbsentSlaveReadsZeroStatusAndItsShadowRegisters()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Device, 0x10);
        rig.Out(IdeRig.Count, 0x55);
        rig.Out(IdeRig.CylLow, 0x66);
        Assert.Equal(0x00, rig.In(IdeRig.Error));
        Assert.Equal(0x00, rig.In(IdeRig.Status));
        Assert.Equal(0x00, rig.In(IdeRig.Control));
        Assert.Equal(0x55, rig.In(IdeRig.Count));
        Assert.Equal(0x66, rig.In(IdeRig.CylLow));
        Assert.Equal(0xB0, rig.In(IdeRig.Device));

        // Writes reach both units: the master sees the same values.
        rig.Out(IdeRig.Device, 0x00);
        Assert.Equal(0x55, rig.In(IdeRig.Count));
        Assert.Equal(0x66, rig.In(IdeRig.CylLow));
    }

    [Fact]
    public void CommandToAbsentSlaveIsIgnored()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Device, 0x10);
        rig.Out(IdeRig.Status, 0xEC);
        Assert.False(rig.Irq14);
        Assert.Equal(0, rig.In(IdeRig.Status));
        rig.Out(IdeRig.Device, 0x00);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0, rig.InWord(IdeRig.Data));
    }

    [Fact]
    public void AbsentMasterBesideASlaveAbortsCommandsAndReadsItsOwnStatus()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20], 1);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0xFF, rig.In(IdeRig.CylLow));
        rig.Out(IdeRig.Status, 0xEC);
        Assert.True(rig.Irq14);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
        rig.Out(IdeRig.Device, 0x10);
        Assert.Equal(0x0040, rig.Identify()[0]);
    }

    [Fact]
    public void SoftResetPostsDiagnosticAndInterruptsForADisk()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Count, 0x20);
        rig.Out(IdeRig.Device, 0xE5);
        rig.Out(IdeRig.Control, 0x04);
        rig.Out(IdeRig.Control, 0x00);
        Assert.True(rig.Irq14);
        Assert.Equal(0x01, rig.In(IdeRig.Error));
        Assert.Equal(0x01, rig.In(IdeRig.Count));
        Assert.Equal(0x01, rig.In(IdeRig.SectorReg));
        Assert.Equal(0xA0, rig.In(IdeRig.Device));
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.False(rig.Irq14);
    }

    [Fact]
    public void SoftResetWithInterruptsDisabledRaisesNoIrq()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Control, 0x06);
        rig.Out(IdeRig.Control, 0x02);
        Assert.False(rig.Irq14);
        Assert.Equal(0x01, rig.In(IdeRig.Error));
    }

    [Fact]
    public void SoftResetKeepsAnAbsentSlaveSelected()
    {
        // B.9: "SRST secondary, slave was last selected": Err 00, cnt 01, sec 01, cyl FF FF, dev A0, status 00.
        IdeRig rig = new();
        rig.AddCdrom(new byte[512 * 2048]);
        rig.Out(0x176, 0xB0);
        rig.Out(0x376, 0x04);
        rig.Out(0x376, 0x00);
        Assert.Equal(0x00, rig.In(0x171));
        Assert.Equal(0x01, rig.In(0x172));
        Assert.Equal(0x01, rig.In(0x173));
        Assert.Equal(0xFF, rig.In(0x174));
        Assert.Equal(0xFF, rig.In(0x175));
        Assert.Equal(0xA0, rig.In(0x176));
        Assert.Equal(0x00, rig.In(0x177));
    }

    [Fact]
    public void StatusReadLowersTheIrqAndAlternateStatusDoesNot()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Status, 0xEC);
        Assert.True(rig.Irq14);
        Assert.Equal(0x58, rig.In(IdeRig.Control));
        Assert.True(rig.Irq14);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        Assert.False(rig.Irq14);
    }

    [Fact]
    public void CommandWriteLowersAPendingIrq()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Status, 0xE5);
        Assert.True(rig.Irq14);
        rig.Out(IdeRig.Control, 0x02);
        rig.Out(IdeRig.Status, 0xE5);
        Assert.False(rig.Irq14);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
    }

    [Fact]
    public void InterruptDisableKeepsTheLineLow()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Control, 0x02);
        rig.Out(IdeRig.Status, 0xEC);
        Assert.False(rig.Irq14);
        Assert.Equal(0, rig.Irqs.Rises(14));
        Assert.Equal(0x58, rig.In(IdeRig.Status));
    }

    [Fact]
    public void HobBitReadsThePreviousRegisterContents()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Count, 0x12);
        rig.Out(IdeRig.Count, 0x34);
        rig.Out(IdeRig.Error, 0x0A);
        rig.Out(IdeRig.Error, 0x0B);
        rig.Out(IdeRig.Control, 0x80);
        Assert.Equal(0x12, rig.In(IdeRig.Count));
        Assert.Equal(0x0A, rig.In(IdeRig.Error));
        Assert.Equal(0xA0, rig.In(IdeRig.Device));
        rig.Out(IdeRig.SectorReg, 0x01); // any register write clears HOB
        Assert.Equal(0x34, rig.In(IdeRig.Count));
        Assert.Equal(0x00, rig.In(IdeRig.Error));
    }

    [Fact]
    public void RegisterWritesAreIgnoredDuringADataPhase()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Status, 0xEC);
        rig.Out(IdeRig.Count, 0x77);
        rig.Out(IdeRig.Device, 0x10);
        Assert.Equal(0x01, rig.In(IdeRig.Count));
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        rig.Out(IdeRig.Status, 0x20); // a command while DRQ is set is ignored too
        Assert.Equal(0x0040, rig.InWord(IdeRig.Data));
    }

    [Fact]
    public void DeviceRegisterReadsWithObsoleteBitsSet()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Device, 0x43);
        Assert.Equal(0xE3, rig.In(IdeRig.Device));
    }

    [Fact]
    public void UnknownOpcodeAbortsWithAnInterrupt()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Status, 0x00);
        Assert.True(rig.Irq14);
        Assert.Equal(0x04, rig.In(IdeRig.Error));
        Assert.Equal(0x41, rig.In(IdeRig.Status));
    }

    [Fact]
    public void SystemResetRestoresPowerOnState()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.Out(IdeRig.Status, 0xEC);
        rig.Controller.Reset();
        Assert.False(rig.Irq14);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0, rig.InWord(IdeRig.Data));
        Assert.Equal(0x01, rig.In(IdeRig.Count));
    }

    [Fact]
    public void SavedStateResumesAnInterruptedDataPhase()
    {
        byte[] image = new byte[1 << 20];
        IdeRig rig = new();
        rig.AddDisk(image);
        ushort[] expected = rig.Identify();
        rig.Out(IdeRig.Status, 0xEC);
        byte[] firstHalf = rig.ReadData(256);
        using MemoryStream stream = new();
        rig.Controller.Save(new StateWriter(stream));

        IdeRig copy = new();
        copy.AddDisk(image);
        copy.Controller.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0x58, copy.In(IdeRig.Control));
        byte[] secondHalf = copy.ReadData(256);
        Assert.Equal(expected[0], firstHalf[0] | (firstHalf[1] << 8));
        Assert.Equal(expected[128], secondHalf[0] | (secondHalf[1] << 8));
        Assert.Equal(expected[255], secondHalf[254] | (secondHalf[255] << 8));
        Assert.Equal(0x50, copy.In(IdeRig.Status));
    }

    [Fact]
    public void ControllerRoundTripsThroughAStateSnapshot()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        rig.AddCdrom(null, 2);
        rig.Out(IdeRig.Control, 0x02);
        rig.Out(0x176, 0x10);
        byte[] image = StateSnapshot.Save([rig.Controller]);
        Assert.Contains("ide", StateReader.Read(image).SectionNames);

        IdeRig copy = new();
        copy.AddDisk(new byte[1 << 20]);
        copy.AddCdrom(null, 2);
        StateSnapshot.Load(image, [copy.Controller]);
        Assert.Equal(image, StateSnapshot.Save([copy.Controller]));
        Assert.Equal(0x02, copy.Controller.Primary.DeviceControl);
        Assert.Equal(1, copy.Controller.Secondary.SelectedUnit);
    }

    [Fact]
    public void SavedStateOfAnotherDeviceKindIsRefused()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20]);
        using MemoryStream stream = new();
        rig.Controller.Save(new StateWriter(stream));
        IdeRig other = new();
        other.AddCdrom(null, 0);
        Assert.Throws<StateFormatException>(() => other.Controller.Load(StateReader.Read(stream.ToArray())));
    }

    [Fact]
    public void RandomGuestAccessNeverThrows()
    {
        Random random = new(1234);
        IdeRig rig = new();
        rig.AddDisk(new byte[64 * 1024]);
        rig.AddDisk(new byte[8 * 1024], 1, new ChsGeometry(2, 1, 8));
        rig.AddCdrom(new byte[8 * 2048], 2);
        rig.AddCdrom(null, 3);
        ushort[] ports = [0x1F0, 0x1F1, 0x1F2, 0x1F3, 0x1F4, 0x1F5, 0x1F6, 0x1F7, 0x3F6, 0x170, 0x171, 0x172, 0x173, 0x174, 0x175, 0x176, 0x177, 0x376];
        for (int i = 0; i < 200_000; i++)
        {
            ushort port = ports[random.Next(ports.Length)];
            switch (random.Next(6))
            {
                case 0:
                    rig.In(port);
                    break;
                case 1:
                    rig.Bus.ReadWord(port);
                    break;
                case 2:
                    rig.Bus.WriteWord(port, (ushort)random.Next(65536));
                    break;
                case 3:
                    rig.Bus.ReadDword(port);
                    break;
                default:
                    rig.Out(port, (byte)random.Next(256));
                    break;
            }
        }
    }
}
