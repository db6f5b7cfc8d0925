using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Chipset;

public sealed class Rtc146818Tests
{
    private static readonly DateTime Base = new(2024, 3, 5, 12, 34, 56);

    private readonly DeviceRig _rig = new();
    private readonly Rtc146818 _rtc;

    public Rtc146818Tests()
    {
        _rtc = new Rtc146818(_rig.Scheduler, _rig.Irqs.Line(8), Base);
        _rtc.Attach(_rig.Bus);
        _rig.Irqs.Clock = () => _rig.Now;
    }

    [Fact]
    public void FixedBaseTimeReadsInBcdWithQemuRegisterDefaults()
    {
        // Observed on QEMU with -rtc base=2024-03-05T12:34:56: BCD, 24 h, Tuesday = 3.
        Assert.Equal(0x56, Cmos(0x00));
        Assert.Equal(0x34, Cmos(0x02));
        Assert.Equal(0x12, Cmos(0x04));
        Assert.Equal(0x03, Cmos(0x06));
        Assert.Equal(0x05, Cmos(0x07));
        Assert.Equal(0x03, Cmos(0x08));
        Assert.Equal(0x24, Cmos(0x09));
        Assert.Equal(0x20, Cmos(0x32));
        Assert.Equal(0x20, Cmos(0x37));
        Assert.Equal(0x26, Cmos(0x0A));
        Assert.Equal(0x02, Cmos(0x0B));
        Assert.Equal(0x00, Cmos(0x0C));
        Assert.Equal(0x80, Cmos(0x0D));
        Assert.Equal(0xFF, _rig.In(0x70));
    }

    [Fact]
    public void TimeAdvancesWithVirtualTimeOnly()
    {
        _rig.Advance(65_500_000_000);
        Assert.Equal(0x01, Cmos(0x00));
        Assert.Equal(0x36, Cmos(0x02));

        // Same base and same virtual time: same reading (deterministic mode).
        DeviceRig other = new();
        Rtc146818 twin = new(other.Scheduler, other.Irqs.Line(8), Base);
        other.Advance(65_500_000_000);
        Assert.Equal(_rtc.CurrentTime, twin.CurrentTime);
    }

    [Fact]
    public void BinaryAndTwelveHourFormatsFollowRegisterB()
    {
        WriteCmos(0x0B, 0x06); // binary, 24 h
        Assert.Equal(56, Cmos(0x00));
        Assert.Equal(12, Cmos(0x04));
        WriteCmos(0x0B, 0x00); // BCD, 12 h
        Assert.Equal(0x92, Cmos(0x04)); // 12 PM: bit 7 set, hour 12
        _rig.Advance(3600L * 1_000_000_000);
        Assert.Equal(0x81, Cmos(0x04)); // 1 PM
    }

    [Fact]
    public void UpdateInProgressIsSetOnlyIn244MicrosecondsBeforeTheUpdate()
    {
        _rig.Advance(500_000_000);
        Assert.Equal(0, Cmos(0x0A) & 0x80);
        _rig.Advance(499_800_000);
        Assert.Equal(0x80, Cmos(0x0A) & 0x80);
        _rig.Advance(300_000);
        Assert.Equal(0, Cmos(0x0A) & 0x80);
    }

    [Fact]
    public void PeriodicInterruptAt1024Hz()
    {
        WriteCmos(0x0B, 0x42); // PIE, 24 h
        for (int i = 0; i < 200; i++)
        {
            _rig.Advance(50_000);
            if (_rig.Irqs.Level(8))
            {
                Assert.Equal(0xC0, Cmos(0x0C)); // IRQF | PF, then cleared
                Assert.False(_rig.Irqs.Level(8));
            }
        }

        Assert.InRange(_rig.Irqs.RiseTimes.Count, 9, 11);
        for (int i = 1; i < _rig.Irqs.RiseTimes.Count; i++)
        {
            Assert.InRange(_rig.Irqs.RiseTimes[i] - _rig.Irqs.RiseTimes[i - 1], 976_562, 976_563);
        }
    }

    [Fact]
    public void IrqStaysHighUntilRegisterCIsRead()
    {
        WriteCmos(0x0B, 0x42);
        _rig.Advance(3_000_000);
        Assert.Equal(1, _rig.Irqs.Rises(8));
        Assert.True(_rig.Irqs.Level(8));
        Assert.Equal(0xC0, Cmos(0x0C));
        Assert.Equal(0x00, Cmos(0x0C));
    }

    [Fact]
    public void UpdateEndedInterruptOncePerSecond()
    {
        WriteCmos(0x0B, 0x12); // UIE
        _rig.Advance(1_000_000_000);
        Assert.True(_rig.Irqs.Level(8));
        Assert.Equal(0x90, Cmos(0x0C));
        Assert.Equal(0x57, Cmos(0x00));
        _rig.Advance(1_000_000_000);
        Assert.Equal(0x90, Cmos(0x0C));
        Assert.Equal(2, _rig.Irqs.Rises(8));
    }

    [Fact]
    public void UpdateFlagIsSetEvenWithoutItsInterrupt()
    {
        _rig.Advance(1_000_000_000);
        Assert.False(_rig.Irqs.Level(8));
        Assert.Equal(0x10, Cmos(0x0C));
    }

    [Fact]
    public void AlarmWithDontCareBytesFiresAtMatchingSecond()
    {
        WriteCmos(0x01, 0x00); // second 00
        WriteCmos(0x03, 0xC0); // any minute
        WriteCmos(0x05, 0xFF); // any hour
        WriteCmos(0x0B, 0x22); // AIE
        _rig.Advance(3_500_000_000);
        Assert.False(_rig.Irqs.Level(8));
        _rig.Advance(1_000_000_000); // 12:35:00
        Assert.True(_rig.Irqs.Level(8));
        Assert.Equal(0xB0, Cmos(0x0C)); // IRQF | AF | UF
    }

    [Fact]
    public void SettingTheTimeUnderSetBitRebasesTheClock()
    {
        WriteCmos(0x0B, 0x82); // SET: clock stops
        WriteCmos(0x04, 0x05);
        WriteCmos(0x02, 0x00);
        WriteCmos(0x00, 0x00);
        WriteCmos(0x09, 0x99);
        WriteCmos(0x32, 0x19);
        _rig.Advance(5_000_000_000);
        Assert.Equal(0x00, Cmos(0x00)); // stopped
        WriteCmos(0x0B, 0x02);
        _rig.Advance(2_000_000_000);
        Assert.Equal(0x02, Cmos(0x00));
        Assert.Equal(0x05, Cmos(0x04));
        Assert.Equal(new DateTime(1999, 3, 5, 5, 0, 2), new DateTime(_rtc.CurrentTime.Ticks / 10_000_000 * 10_000_000));
    }

    [Fact]
    public void GuestGarbageInTimeRegistersNeverThrows()
    {
        for (int value = 0; value < 256; value += 17)
        {
            for (int reg = 0; reg <= 9; reg++)
            {
                WriteCmos(reg, (byte)value);
            }

            WriteCmos(0x0B, (byte)value);
            WriteCmos(0x0A, (byte)value);
            _rig.Advance(700_000_000);
            _ = Cmos(0x00);
            _ = Cmos(0x0C);
        }
    }

    [Fact]
    public void DatesBeyondTheClockRangeArePinnedNotWrapped()
    {
        WriteCmos(0x0B, 0x82);
        WriteCmos(0x32, 0x99); // year 9999
        WriteCmos(0x09, 0x99);
        WriteCmos(0x0B, 0x02);
        Assert.InRange(_rtc.CurrentTime.Year, 2100, 2120);
        _rig.Advance(1_000_000_000);
        Assert.InRange(_rtc.CurrentTime.Year, 2100, 2120);
    }

    [Fact]
    public void CmosRamAndNmiMask()
    {
        _rig.Out(0x70, 0x80 | 0x40);
        _rig.Out(0x71, 0x5A);
        Assert.True(_rtc.NmiMasked);
        Assert.Equal(0x5A, _rtc.GetCmosByte(0x40));
        _rig.Out(0x70, 0x0D);
        _rig.Out(0x71, 0x00); // D is read-only
        Assert.Equal(0x80, _rig.In(0x71));
    }

    [Fact]
    public void StateRoundTripKeepsTimeAndRam()
    {
        WriteCmos(0x0B, 0x42);
        WriteCmos(0x40, 0x77);
        _rig.Advance(10_000_000_000);
        MemoryStream stream = new();
        _rtc.Save(new StateWriter(stream));

        DeviceRig other = new();
        other.Advance(5_000_000_000);
        Rtc146818 copy = new(other.Scheduler, other.Irqs.Line(8), new DateTime(2000, 1, 1));
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(_rtc.CurrentTime, copy.CurrentTime);
        Assert.Equal(0x77, copy.GetCmosByte(0x40));
        other.Advance(2_000_000);
        Assert.True(other.Irqs.Level(8)); // periodic interrupt still enabled
    }

    [Fact]
    public void CmosDefaultsMatchQemuFor128MiBWithOneFloppy()
    {
        CmosDefaults.Fill(_rtc, new CmosConfiguration { RamBytes = 128L << 20, FloppyA = FloppyDriveType.Drive1440K, BootOrder = "a" });
        Assert.Equal(0x40, _rtc.GetCmosByte(0x10));
        Assert.Equal(0x07, _rtc.GetCmosByte(0x14));
        Assert.Equal([0x80, 0x02, 0xFF, 0xFF], [_rtc.GetCmosByte(0x15), _rtc.GetCmosByte(0x16), _rtc.GetCmosByte(0x17), _rtc.GetCmosByte(0x18)]);
        Assert.Equal([0xFF, 0xFF], [_rtc.GetCmosByte(0x30), _rtc.GetCmosByte(0x31)]);
        Assert.Equal([0x00, 0x07], [_rtc.GetCmosByte(0x34), _rtc.GetCmosByte(0x35)]);
        Assert.Equal(0x01, _rtc.GetCmosByte(0x3D));
        Assert.Equal(0x00, _rtc.GetCmosByte(0x38));
        Assert.Equal(0x00, _rtc.GetCmosByte(0x12));
    }

    [Fact]
    public void CmosDefaultsDescribeAPrimaryMasterDiskAndDefaultBootOrder()
    {
        // Measured on QEMU: 2 GiB disk, auto translation -> 12 = F0, 19 = 2F, 1B-23 = 41 10 10 FF FF C8 41 10 3F, 39 = 01.
        CmosDefaults.Fill(_rtc, new CmosConfiguration { RamBytes = 32L << 20, HardDisks = [new CmosHardDisk(4161, 16, 63, 1)] });
        Assert.Equal(0xF0, _rtc.GetCmosByte(0x12));
        Assert.Equal(0x2F, _rtc.GetCmosByte(0x19));
        byte[] block = new byte[9];
        for (int i = 0; i < 9; i++)
        {
            block[i] = _rtc.GetCmosByte(0x1B + i);
        }

        Assert.Equal(new byte[] { 0x41, 0x10, 0x10, 0xFF, 0xFF, 0xC8, 0x41, 0x10, 0x3F }, block);
        Assert.Equal(0x01, _rtc.GetCmosByte(0x39));
        Assert.Equal(0x12, _rtc.GetCmosByte(0x3D)); // "cad"
        Assert.Equal(0x30, _rtc.GetCmosByte(0x38));
        Assert.Equal([0x00, 0x7C], [_rtc.GetCmosByte(0x17), _rtc.GetCmosByte(0x18)]); // 31 MiB = 31744 KiB
    }

    [Fact]
    public void BadBootOrderIsRefusedWithQemuWords()
    {
        ArgumentException tooMany = Assert.Throws<ArgumentException>(() => CmosDefaults.SetBootDevices(_rtc, "acdn", true));
        Assert.StartsWith("Too many boot devices for PC", tooMany.Message);
        ArgumentException invalid = Assert.Throws<ArgumentException>(() => CmosDefaults.SetBootDevices(_rtc, "x", true));
        Assert.StartsWith("Invalid boot device for PC: 'x'", invalid.Message);
    }

    private byte Cmos(int index)
    {
        _rig.Out(0x70, (byte)index);
        return _rig.In(0x71);
    }

    private void WriteCmos(int index, byte value)
    {
        _rig.Out(0x70, (byte)index);
        _rig.Out(0x71, value);
    }
}
