using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Chipset;

public sealed class Pit8254Tests
{
    private const long NsPerTick = 838; // 1e9 / 1193182 = 838.095 ns

    private readonly DeviceRig _rig = new();
    private readonly Pit8254 _pit;
    private readonly SystemControlPortB _port61;

    public Pit8254Tests()
    {
        _pit = new Pit8254(_rig.Scheduler, _rig.Irqs.Line(0));
        _port61 = new SystemControlPortB(_pit);
        _pit.Attach(_rig.Bus);
        _port61.Attach(_rig.Bus);
        _rig.Irqs.Clock = () => _rig.Now;
    }

    [Fact]
    public void Mode2WithCountZeroInterruptsAt18Point2Hz()
    {
        // SeaBIOS pit_setup: counter 0, LSB/MSB, mode 2, count 0 (= 65536).
        _rig.Out(0x43, 0x34);
        _rig.Out(0x40, 0x00);
        _rig.Out(0x40, 0x00);
        int before = _rig.Irqs.Rises(0);
        _rig.Irqs.RiseTimes.Clear();
        _rig.Advance(10_000_000_000);

        // 10 s x 1193182 / 65536 = 182.07 rising edges, one every 54925.4 us.
        Assert.Equal(182, _rig.Irqs.Rises(0) - before);
        long period = _rig.Irqs.RiseTimes[1] - _rig.Irqs.RiseTimes[0];
        Assert.InRange(period, 54_925_401, 54_925_403);
    }

    [Fact]
    public void Mode0OutputRisesOnceAtTerminalCount()
    {
        _rig.Out(0x43, 0x30); // counter 0, LSB/MSB, mode 0
        Assert.False(_rig.Irqs.Level(0)); // control word drives OUT low in mode 0
        _rig.Out(0x40, 0xE8);
        _rig.Out(0x40, 0x03); // 1000
        int before = _rig.Irqs.Rises(0);
        _rig.Advance(500 * NsPerTick);
        ushort count = ReadCount(0);
        Assert.InRange(count, 499, 501);
        Assert.False(_rig.Irqs.Level(0));

        _rig.Advance(600 * NsPerTick);
        Assert.True(_rig.Irqs.Level(0));
        _rig.Advance(100_000_000);
        Assert.Equal(before + 1, _rig.Irqs.Rises(0));
    }

    [Fact]
    public void CounterLatchFreezesTheValueUntilRead()
    {
        _rig.Out(0x43, 0x34);
        _rig.Out(0x40, 0x00);
        _rig.Out(0x40, 0x10); // 4096
        _rig.Advance(100 * NsPerTick);
        _rig.Out(0x43, 0x00); // latch counter 0
        _rig.Advance(1000 * NsPerTick);
        ushort latched = ReadCount(0);
        Assert.InRange(latched, 4095 - 101, 4096 - 99);
        ushort live = ReadCount(0);
        Assert.InRange(live, 4096 - 1101, 4096 - 1099);
    }

    [Fact]
    public void ReadBackReportsStatusThenCount()
    {
        _rig.Out(0x43, 0x34);
        _rig.Out(0x40, 0x00);
        _rig.Out(0x40, 0x00);
        _rig.Out(0x43, 0xC2); // read-back: latch count and status of counter 0
        // Observed on QEMU after SeaBIOS: 34h (OUT low, count loaded, RW=11, mode 2, binary).
        Assert.Equal(0x34, _rig.In(0x40));
        Assert.Equal(0x0000, ReadCount(0)); // the count latched with the status: 65536 just loaded
    }

    [Fact]
    public void Mode4StatusMatchesQemuOnceTheCountIsLoaded()
    {
        _rig.Out(0x61, 0x01);
        _rig.Out(0x43, 0xB8); // counter 2, mode 4
        _rig.Out(0x43, 0xE8);
        Assert.Equal(0x78, _rig.In(0x42)); // null count (data sheet; QEMU shows 38h)
        _rig.Out(0x42, 100);
        _rig.Out(0x42, 0);
        _rig.Out(0x43, 0xE8);
        Assert.Equal(0x38, _rig.In(0x42)); // observed on QEMU
        _rig.Advance(100 * NsPerTick + 100);
        Assert.True(_pit.GetOutput(2)); // the strobe at terminal count
        _rig.Advance(NsPerTick);
        Assert.False(_pit.GetOutput(2));
    }

    [Fact]
    public void NullCountIsSetBetweenControlWordAndCount()
    {
        _rig.Out(0x43, 0xB6); // counter 2, LSB/MSB, mode 3
        _rig.Out(0x43, 0xE8); // read-back status of counter 2
        Assert.Equal(0xF6, _rig.In(0x42)); // OUT high (mode 3 after a control word), null count, RW=11, mode 3
    }

    [Fact]
    public void BcdCountsInDecimal()
    {
        _rig.Out(0x43, 0x31); // counter 0, LSB/MSB, mode 0, BCD
        _rig.Out(0x40, 0x34);
        _rig.Out(0x40, 0x12); // 1234 decimal
        _rig.Advance((34 * 838_095 / 1000) + 1);
        Assert.Equal(0x1200, ReadCount(0));
    }

    [Fact]
    public void Counter2ThroughPort61SquareWaveAndGate()
    {
        _rig.Out(0x61, 0x00);
        _rig.Out(0x43, 0xB6); // counter 2, mode 3
        _rig.Out(0x42, 0xE8);
        _rig.Out(0x42, 0x03); // 1000: high 500 clocks, low 500
        Assert.True((_rig.In(0x61) & 0x20) != 0); // gate low: OUT held high
        _rig.Out(0x61, 0x01); // gate on: reload
        _rig.Advance(250 * NsPerTick);
        Assert.True((_rig.In(0x61) & 0x20) != 0);
        _rig.Advance(500 * NsPerTick);
        Assert.True((_rig.In(0x61) & 0x20) == 0);
        _rig.Advance(500 * NsPerTick);
        Assert.True((_rig.In(0x61) & 0x20) != 0);
    }

    [Fact]
    public void Mode0GateLowPausesCounting()
    {
        // Linux pit_calibrate_tsc style: gate on, speaker off, counter 2 mode 0.
        _rig.Out(0x61, 0x01);
        _rig.Out(0x43, 0xB0);
        _rig.Out(0x42, 0xFF);
        _rig.Out(0x42, 0xFF);
        _rig.Advance(1000 * NsPerTick);
        _rig.Out(0x61, 0x00);
        ushort paused = ReadCount(2);
        _rig.Advance(5000 * NsPerTick);
        Assert.Equal(paused, ReadCount(2));
        _rig.Out(0x61, 0x01);
        _rig.Advance(100 * NsPerTick);
        Assert.InRange(ReadCount(2), paused - 101, paused - 99);
    }

    [Fact]
    public void Mode2GateLowHoldsTheCountAndRisingGateReloads()
    {
        _rig.Out(0x61, 0x01);
        _rig.Out(0x43, 0xB4); // counter 2, mode 2
        _rig.Out(0x42, 0x64);
        _rig.Out(0x42, 0x00); // 100
        _rig.Advance(40 * NsPerTick);
        _rig.Out(0x61, 0x00);
        ushort held = ReadCount(2);
        _rig.Advance(1000 * NsPerTick);
        Assert.Equal(held, ReadCount(2));
        Assert.False(_pit.GetOutput(2)); // idle level under QEMU's mode 2 polarity
        _rig.Out(0x61, 0x01);
        Assert.Equal(100, ReadCount(2));
    }

    [Fact]
    public void Port61RefreshBitTogglesOnEveryRead()
    {
        byte first = _rig.In(0x61);
        byte second = _rig.In(0x61);
        Assert.Equal(0x10, (first ^ second) & 0x10);
        _rig.Out(0x61, 0x03);
        Assert.Equal(0x03, _rig.In(0x61) & 0x03);
        Assert.True(_port61.SpeakerActive);
    }

    [Fact]
    public void StateRoundTripKeepsCountingPhase()
    {
        _rig.Out(0x43, 0x34);
        _rig.Out(0x40, 0x00);
        _rig.Out(0x40, 0x20); // 8192
        _rig.Advance(1000 * NsPerTick);
        MemoryStream stream = new();
        StateWriter writer = new(stream);
        _pit.Save(writer);
        _port61.Save(writer);

        DeviceRig other = new();
        other.Advance(123_456_789);
        Pit8254 copy = new(other.Scheduler, other.Irqs.Line(0));
        copy.Attach(other.Bus);
        StateReader reader = StateReader.Read(stream.ToArray());
        copy.Load(reader);
        Assert.Equal(2, copy.GetChannel(0).Mode);
        other.Out(0x43, 0x00);
        int count = other.In(0x40) | (other.In(0x40) << 8);
        Assert.InRange(count, 8192 - 1001, 8192 - 999);
        int before = other.Irqs.Rises(0);
        other.Advance(8192 * NsPerTick);
        Assert.Equal(before + 1, other.Irqs.Rises(0));
    }

    private ushort ReadCount(int channel)
    {
        ushort port = (ushort)(0x40 + channel);
        return (ushort)(_rig.In(port) | (_rig.In(port) << 8));
    }
}
