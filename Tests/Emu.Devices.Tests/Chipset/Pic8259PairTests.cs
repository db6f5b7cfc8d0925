using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Chipset;

public sealed class Pic8259PairTests
{
    private readonly DeviceRig _rig = new();
    private readonly Pic8259Pair _pic = new();

    public Pic8259PairTests()
    {
        _pic.Attach(_rig.Bus);
        // SeaBIOS pic_setup: ICW1 11h, ICW2 08h/70h, ICW3 04h/02h, ICW4 01h.
        _rig.Out(0x20, 0x11);
        _rig.Out(0x21, 0x08);
        _rig.Out(0x21, 0x04);
        _rig.Out(0x21, 0x01);
        _rig.Out(0xA0, 0x11);
        _rig.Out(0xA1, 0x70);
        _rig.Out(0xA1, 0x02);
        _rig.Out(0xA1, 0x01);
    }

    [Fact]
    public void InitialisationClearsMaskAndSetsVectorBase()
    {
        Assert.Equal(0x00, _rig.In(0x21));
        Assert.Equal(0x08, _pic.Master.VectorBase);
        Assert.Equal(0x70, _pic.Slave.VectorBase);
        Assert.False(_pic.IntrAsserted);
    }

    [Fact]
    public void HighestPriorityWinsAndVectorIsBasePlusLevel()
    {
        _pic.SetIrqLevel(4, true);
        _pic.SetIrqLevel(1, true);
        Assert.True(_pic.IntrAsserted);
        Assert.Equal(0x09, _pic.Acknowledge()); // IRQ1 outranks IRQ4 (fixed priority, 8259A)
        Assert.Equal(0x02, ReadIsr(0x20));
        Assert.False(_pic.IntrAsserted); // IRQ4 is lower than IRQ1 in service
        _rig.Out(0x20, 0x20); // non-specific EOI clears IRQ1
        Assert.True(_pic.IntrAsserted);
        Assert.Equal(0x0C, _pic.Acknowledge());
    }

    [Fact]
    public void MaskedRequestStaysInIrrWithoutInterrupting()
    {
        _rig.Out(0x21, 0x10);
        _pic.SetIrqLevel(4, true);
        Assert.False(_pic.IntrAsserted);
        _rig.Out(0x20, 0x0A); // OCW3: read IRR
        Assert.Equal(0x10, _rig.In(0x20));
        _rig.Out(0x21, 0x00);
        Assert.True(_pic.IntrAsserted);
    }

    [Fact]
    public void CascadeDeliversSlaveVectorAndSetsBothIsrBits()
    {
        _pic.SetIrqLevel(8, true);
        Assert.True(_pic.IntrAsserted);
        Assert.Equal(0x70, _pic.Acknowledge());
        Assert.Equal(0x04, ReadIsr(0x20));
        Assert.Equal(0x01, ReadIsr(0xA0));
        _rig.Out(0xA0, 0x20);
        _rig.Out(0x20, 0x20);
        Assert.Equal(0x00, ReadIsr(0x20));
        Assert.Equal(0x00, ReadIsr(0xA0));
    }

    [Fact]
    public void SlaveRequestsRankBetweenIrq1AndIrq3()
    {
        _pic.SetIrqLevel(3, true);
        _pic.SetIrqLevel(12, true);
        Assert.Equal(0x74, _pic.Acknowledge()); // IRQ12 via IR2 outranks IRQ3
    }

    [Fact]
    public void EdgeTriggeredInputLatchesOnlyRisingEdges()
    {
        _pic.SetIrqLevel(3, true);
        Assert.Equal(0x0B, _pic.Acknowledge());
        _rig.Out(0x20, 0x20);
        _pic.SetIrqLevel(3, true); // still high: no new edge
        Assert.False(_pic.IntrAsserted);
        _pic.SetIrqLevel(3, false);
        _pic.SetIrqLevel(3, true);
        Assert.True(_pic.IntrAsserted);
    }

    [Fact]
    public void AfterIcw1AHeldHighInputMustToggleToInterrupt()
    {
        _pic.SetIrqLevel(3, true);
        _rig.Out(0x20, 0x11); // ICW1 clears the request; the wire stays high
        _rig.Out(0x21, 0x08);
        _rig.Out(0x21, 0x04);
        _rig.Out(0x21, 0x01);
        _pic.SetIrqLevel(3, true);
        Assert.False(_pic.IntrAsserted);
        _pic.SetIrqLevel(3, false);
        _pic.SetIrqLevel(3, true);
        Assert.True(_pic.IntrAsserted);
    }

    [Fact]
    public void LevelTriggeredInputViaElcrRequestsWhileHigh()
    {
        _rig.Out(0x4D1, 0x0C); // IRQ 10, 11 level (SeaBIOS elcr=00 0c)
        Assert.Equal(0x0C, _rig.In(0x4D1));
        _pic.SetIrqLevel(10, true);
        Assert.Equal(0x72, _pic.Acknowledge());
        _rig.Out(0xA0, 0x20);
        _rig.Out(0x20, 0x20);
        Assert.True(_pic.IntrAsserted); // line still high: requests again
        _pic.SetIrqLevel(10, false);
        Assert.Equal(0x00, _pic.Slave.Irr);
        // The master latched the cascade edge; with the slave request gone, INTA is spurious IRQ 15.
        Assert.Equal(0x77, _pic.Acknowledge());
    }

    [Fact]
    public void ElcrCannotMakeTimerOrCascadeLevelTriggered()
    {
        _rig.Out(0x4D0, 0xFF);
        _rig.Out(0x4D1, 0xFF);
        Assert.Equal(0xF8, _rig.In(0x4D0));
        Assert.Equal(0xDE, _rig.In(0x4D1));
    }

    [Fact]
    public void VanishedLevelRequestGivesSpuriousIrq7WithoutIsr()
    {
        _rig.Out(0x4D0, 0x20);
        _pic.SetIrqLevel(5, true);
        Assert.True(_pic.IntrAsserted);
        _pic.SetIrqLevel(5, false);
        Assert.Equal(0x0F, _pic.Acknowledge());
        Assert.Equal(0x00, ReadIsr(0x20));
    }

    [Fact]
    public void SpuriousSlaveRequestGivesIrq15AndMasterIr2InService()
    {
        _rig.Out(0x4D1, 0x08); // IRQ 11 level
        _pic.SetIrqLevel(11, true);
        Assert.True(_pic.IntrAsserted);
        _rig.Out(0xA1, 0x08); // masked between INT and INTA
        Assert.Equal(0x77, _pic.Acknowledge());
        Assert.Equal(0x00, ReadIsr(0xA0));
        Assert.Equal(0x04, ReadIsr(0x20));
    }

    [Fact]
    public void SpecificEoiClearsOnlyTheNamedLevel()
    {
        _pic.SetIrqLevel(6, true);
        Assert.Equal(0x0E, _pic.Acknowledge());
        _pic.SetIrqLevel(0, true);
        Assert.Equal(0x08, _pic.Acknowledge()); // IRQ0 nests above IRQ6
        Assert.Equal(0x41, ReadIsr(0x20));
        _rig.Out(0x20, 0x66); // specific EOI level 6
        Assert.Equal(0x01, ReadIsr(0x20));
    }

    [Fact]
    public void AutoEoiLeavesIsrClear()
    {
        _rig.Out(0x20, 0x11);
        _rig.Out(0x21, 0x08);
        _rig.Out(0x21, 0x04);
        _rig.Out(0x21, 0x03); // ICW4: x86, AEOI
        _pic.SetIrqLevel(3, true);
        Assert.Equal(0x0B, _pic.Acknowledge());
        Assert.Equal(0x00, ReadIsr(0x20));
    }

    [Fact]
    public void RotateOnNonSpecificEoiMakesServicedLevelLowest()
    {
        _pic.SetIrqLevel(1, true);
        Assert.Equal(0x09, _pic.Acknowledge());
        _rig.Out(0x20, 0xA0); // rotate on non-specific EOI: IRQ1 lowest, IRQ2 highest
        Assert.Equal(2, _pic.Master.PriorityAdd);
        _pic.SetIrqLevel(0, true);
        _pic.SetIrqLevel(3, true);
        Assert.Equal(0x0B, _pic.Acknowledge()); // IRQ3 now outranks IRQ0
    }

    [Fact]
    public void SetPriorityCommandChoosesLowestLevel()
    {
        _rig.Out(0x20, 0xC4); // IRQ4 lowest, IRQ5 highest
        _pic.SetIrqLevel(0, true);
        _pic.SetIrqLevel(6, true);
        Assert.Equal(0x0E, _pic.Acknowledge());
    }

    [Fact]
    public void SpecialMaskModeLetsLowerLevelsInterruptMaskedService()
    {
        _pic.SetIrqLevel(3, true);
        Assert.Equal(0x0B, _pic.Acknowledge());
        _pic.SetIrqLevel(5, true);
        Assert.False(_pic.IntrAsserted);
        _rig.Out(0x21, 0x08); // mask IRQ3 (in service)
        _rig.Out(0x20, 0x68); // OCW3: set special mask mode
        Assert.True(_pic.IntrAsserted);
        Assert.Equal(0x0D, _pic.Acknowledge());
    }

    [Fact]
    public void PollCommandAcknowledgesAndReportsLevel()
    {
        _pic.SetIrqLevel(5, true);
        _rig.Out(0x20, 0x0C); // OCW3 poll
        Assert.Equal(0x85, _rig.In(0x20));
        Assert.Equal(0x20, ReadIsr(0x20));
        _rig.Out(0x20, 0x0C);
        Assert.Equal(0x00, _rig.In(0x20));
    }

    [Fact]
    public void StateRoundTripRestoresRegisters()
    {
        _rig.Out(0x21, 0xB8);
        _rig.Out(0x4D1, 0x0C);
        _pic.SetIrqLevel(1, true);
        Assert.Equal(0x09, _pic.Acknowledge());
        _pic.SetIrqLevel(14, true);
        MemoryStream stream = new();
        _pic.Save(new StateWriter(stream));

        Pic8259Pair copy = new();
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0xB8, copy.Master.Imr);
        Assert.Equal(0x02, copy.Master.Isr);
        Assert.Equal(0x0C, copy.Slave.Elcr);
        Assert.Equal(0x40, copy.Slave.Irr);
        copy.WriteByte(0x20, 0x20);
        Assert.True(copy.IntrAsserted);
        Assert.Equal(0x76, copy.Acknowledge());
    }

    private byte ReadIsr(ushort commandPort)
    {
        _rig.Out(commandPort, 0x0B);
        byte isr = _rig.In(commandPort);
        _rig.Out(commandPort, 0x0A);
        return isr;
    }
}
