using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Input;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Chipset;

public sealed class Port92Tests
{
    private readonly DeviceRig _rig = new();
    private readonly PhysicalMemory _memory = new(2 << 20);
    private readonly Port92 _port92;
    private int _resets;

    public Port92Tests()
    {
        _port92 = new Port92(_memory);
        _port92.Attach(_rig.Bus);
        _port92.ResetRequested = () => _resets++;
    }

    [Fact]
    public void FastA20BitGatesAddressBit20()
    {
        _memory.Write8(0x100500, 0xAA);
        _memory.Write8(0x000500, 0x55);
        _rig.Out(0x92, 0x00);
        Assert.False(_memory.A20Enabled);
        Assert.Equal(0x55, _memory.Read8(0x100500)); // wraps at 1 MiB
        _rig.Out(0x92, 0x02);
        Assert.True(_memory.A20Enabled);
        Assert.Equal(0xAA, _memory.Read8(0x100500));
        Assert.Equal(0x02, _rig.In(0x92));
    }

    [Fact]
    public void EveryWriteAppliesA20EvenWhenTheLatchIsUnchanged()
    {
        // Observed on QEMU (spec 1.6): i8042 turns A20 off, port 92 still reads 02, writing 02 again turns it on.
        I8042 kbc = new(_rig.Irqs.Line(1), _rig.Irqs.Line(12), _memory);
        kbc.Attach(_rig.Bus);
        _rig.Out(0x92, 0x02);
        _rig.Out(0x64, 0xD1);
        _rig.Out(0x60, 0xDD);
        Assert.False(_memory.A20Enabled);
        Assert.Equal(0x02, _rig.In(0x92));
        _rig.Out(0x92, 0x02);
        Assert.True(_memory.A20Enabled);
    }

    [Fact]
    public void ResetOnlyOnRisingBit0AndResetClearsIt()
    {
        _rig.Out(0x92, 0x03);
        Assert.Equal(1, _resets);
        _rig.Out(0x92, 0x03);
        Assert.Equal(1, _resets);
        _port92.Reset();
        Assert.Equal(0x02, _rig.In(0x92));
        _rig.Out(0x92, 0x03);
        Assert.Equal(2, _resets);
    }

    [Fact]
    public void StateRoundTrip()
    {
        _rig.Out(0x92, 0x02);
        MemoryStream stream = new();
        _port92.Save(new StateWriter(stream));
        Port92 copy = new(new PhysicalMemory(1 << 20));
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0x02, copy.Value);
    }
}
