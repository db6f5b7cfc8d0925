using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Chipset;

/// <summary>The PIIX4 PM registers at the SeaBIOS base 600h (ACPI 1.0b 4.7, QEMU hw/acpi/core.c).</summary>
public sealed class Piix4PmTests
{
    private const ushort Status = 0x600;
    private const ushort Enable = 0x602;
    private const ushort Control = 0x604;
    private const ushort Timer = 0x608;

    private readonly DeviceRig _rig = new();
    private readonly Piix4Pm _pm;
    private int _powerOffs;
    private readonly List<string> _warnings = [];

    public Piix4PmTests()
    {
        _pm = new Piix4Pm(_rig.Scheduler, _rig.Irqs.Line(Piix4Pm.SciIrq))
        {
            PowerOffRequested = () => _powerOffs++,
            Warning = _warnings.Add,
        };
        _pm.Attach(_rig.Bus);
        _pm.Map(0x601, enabled: true);
    }

    [Fact]
    public void TheBlockIsMappedOnlyWhileEnabledAndFollowsTheBase()
    {
        Assert.Equal((ushort)0x600, _pm.MappedBase);
        _pm.Map(0x600, enabled: false);
        Assert.Equal(0xFFFF, _rig.Bus.ReadWord(Control));
        _pm.Map(0xB000, enabled: true);
        _rig.Bus.WriteWord(0xB002, 0x0100);
        Assert.Equal(0x0100, _rig.Bus.ReadWord(0xB002));
        Assert.False(_rig.Bus.IsClaimed(0x600));
    }

    [Fact]
    public void ABaseOverAnotherDevicesPortsStaysUnmapped()
    {
        _pm.Map(0x00B0, enabled: true); // 80h-BFh holds the APM ports B2h/B3h
        Assert.Null(_pm.MappedBase);
        Assert.Single(_warnings);
    }

    [Fact]
    public void SmiCommandTogglesSciEnable()
    {
        Assert.Equal(0, _rig.Bus.ReadWord(Control) & Piix4Pm.SciEnable);
        _rig.Out(0xB2, Piix4Pm.AcpiEnable);
        Assert.Equal(Piix4Pm.SciEnable, _rig.Bus.ReadWord(Control) & Piix4Pm.SciEnable);
        Assert.Equal(Piix4Pm.AcpiEnable, _rig.In(0xB2));
        _rig.Out(0xB2, Piix4Pm.AcpiDisable);
        Assert.Equal(0, _rig.Bus.ReadWord(Control) & Piix4Pm.SciEnable);
    }

    [Fact]
    public void PowerButtonNeedsItsEnableThenRaisesTheSciUntilCleared()
    {
        _pm.PressPowerButton();
        Assert.Equal(0, _rig.Bus.ReadWord(Status) & Piix4Pm.PowerButtonStatus);
        Assert.False(_rig.Irqs.Level(9));

        _rig.Bus.WriteWord(Enable, Piix4Pm.PowerButtonStatus);
        _pm.PressPowerButton();
        Assert.Equal(Piix4Pm.PowerButtonStatus, _rig.Bus.ReadWord(Status) & Piix4Pm.PowerButtonStatus);
        Assert.True(_rig.Irqs.Level(9));

        _rig.Bus.WriteWord(Status, 0x0001); // clearing another bit leaves the button's
        Assert.True(_rig.Irqs.Level(9));
        _rig.Out(Status + 1, 0x01);         // byte write of 1 to bit 8 clears it
        Assert.Equal(0, _rig.Bus.ReadWord(Status) & Piix4Pm.PowerButtonStatus);
        Assert.False(_rig.Irqs.Level(9));
    }

    [Fact]
    public void SleepEnableWithTypeZeroPowersOffAndReadsBackClear()
    {
        _rig.Bus.WriteWord(Control, 0x2001);
        Assert.Equal(1, _powerOffs);
        Assert.Equal(0x0001, _rig.Bus.ReadWord(Control));
    }

    [Fact]
    public void OtherSleepTypesAreRefusedWithAWarning()
    {
        _rig.Bus.WriteWord(Control, 0x2000 | (1 << 10));
        Assert.Equal(0, _powerOffs);
        Assert.Contains(_warnings, w => w.Contains("not supported", StringComparison.Ordinal));
    }

    [Fact]
    public void TimerCountsAt3579545HzIn24Bits()
    {
        _rig.Advance(1_000_000_000);
        Assert.Equal(3_579_545u, _rig.Bus.ReadDword(Timer));
        _rig.Advance(10_000_000_000);
        Assert.Equal((uint)((11L * 3_579_545) & 0xFFFFFF), _rig.Bus.ReadDword(Timer));
    }

    [Fact]
    public void TimerCarryRaisesTheSciWhenEnabled()
    {
        _rig.Bus.WriteWord(Enable, Piix4Pm.TimerStatus);
        _rig.Advance(2_000_000_000);
        Assert.False(_rig.Irqs.Level(9));
        _rig.Advance(400_000_000); // bit 23 toggles after 2^23 ticks = 2.343 s
        Assert.True(_rig.Irqs.Level(9));
        Assert.Equal(Piix4Pm.TimerStatus, _rig.Bus.ReadWord(Status) & Piix4Pm.TimerStatus);
        _rig.Bus.WriteWord(Status, Piix4Pm.TimerStatus);
        Assert.False(_rig.Irqs.Level(9));
    }

    [Fact]
    public void GpeStatusAndEnableRaiseTheSci()
    {
        _pm.RaiseGpe(1);
        Assert.False(_rig.Irqs.Level(9));
        _rig.Bus.WriteWord(Piix4Pm.GpeBase + 2, 0x0002);
        Assert.True(_rig.Irqs.Level(9));
        Assert.Equal(0x0002, _rig.Bus.ReadWord(Piix4Pm.GpeBase));
        _rig.Bus.WriteWord(Piix4Pm.GpeBase, 0x0002);
        Assert.False(_rig.Irqs.Level(9));
    }

    [Fact]
    public void ResetUnmapsAndClears()
    {
        _rig.Out(0xB2, Piix4Pm.AcpiEnable);
        _pm.Reset();
        Assert.Null(_pm.MappedBase);
        Assert.Equal(0, _pm.Pm1Control);
    }

    [Fact]
    public void StateRoundTrips()
    {
        _rig.Out(0xB2, Piix4Pm.AcpiEnable);
        _rig.Bus.WriteWord(Enable, Piix4Pm.PowerButtonStatus);
        _pm.PressPowerButton();
        using MemoryStream stream = new();
        _pm.Save(new StateWriter(stream));

        DeviceRig other = new();
        Piix4Pm copy = new(other.Scheduler, other.Irqs.Line(9));
        copy.Attach(other.Bus);
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal((ushort)0x600, copy.MappedBase);
        Assert.Equal(_pm.Pm1Control, copy.Pm1Control);
        Assert.Equal(Piix4Pm.PowerButtonStatus, copy.Pm1Status & Piix4Pm.PowerButtonStatus);
        Assert.True(other.Irqs.Level(9));
    }

    [Fact]
    public void PciFunctionMapsTheBlockFromPmbaAndPmregmiscAndPresetsSmmDone()
    {
        DeviceRig rig = new();
        Piix4Pm pm = new(rig.Scheduler, rig.Irqs.Line(9));
        pm.Attach(rig.Bus);
        Piix4PmFunction function = new(pm);
        function.Reset();
        Assert.Equal(0x01, function.ReadConfig8(0x40));
        Assert.Equal(0x02, function.ReadConfig8(0x5B));
        Assert.Equal(0x7113, function.DeviceId);

        function.WriteConfig(0x40, 0x0601, 4);
        Assert.Null(pm.MappedBase);
        function.WriteConfig(0x80, 0x01, 1);
        Assert.Equal((ushort)0x600, pm.MappedBase);
        function.WriteConfig(0x40, 0xB001, 4);
        Assert.Equal((ushort)0xB000, pm.MappedBase);
        function.Reset();
        Assert.Null(pm.MappedBase);
    }
}
