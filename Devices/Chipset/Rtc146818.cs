using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;
using Emu.Core.Timing;

namespace Emu.Devices.Chipset;

/// <summary>
/// Motorola MC146818A real-time clock with 128 bytes of CMOS RAM. Ports 70h (index; bit 7 is
/// the PC's NMI mask, reads FFh as on QEMU) and 71h (data); IRQ8. The wall clock is a base time
/// advancing with VIRTUAL time (host time or a fixed base, as QEMU's <c>-rtc base=</c>), so a
/// deterministic run reads the same time every run. Follows the MC146818A data sheet and QEMU
/// <c>hw/rtc/mc146818rtc.c</c>: BCD/binary and 12/24 h per register B, UIP during the 244 us
/// before each update, periodic (register A rate), alarm and update-ended interrupts, register
/// C cleared by reading, index 37h aliased to the century byte 32h. Leaves out daylight saving
/// (DSE), the square-wave pin and the 4.194/1.048 MHz time bases (treated as 32.768 kHz).
/// </summary>
public sealed class Rtc146818 : IPortDevice, IStatefulDevice
{
    public const ushort IndexPort = 0x70;
    public const ushort DataPort = 0x71;

    // Register indexes and bits (MC146818A data sheet, "Registers").
    public const int RegSeconds = 0x00;
    public const int RegSecondsAlarm = 0x01;
    public const int RegMinutes = 0x02;
    public const int RegMinutesAlarm = 0x03;
    public const int RegHours = 0x04;
    public const int RegHoursAlarm = 0x05;
    public const int RegDayOfWeek = 0x06;
    public const int RegDayOfMonth = 0x07;
    public const int RegMonth = 0x08;
    public const int RegYear = 0x09;
    public const int RegA = 0x0A;
    public const int RegB = 0x0B;
    public const int RegC = 0x0C;
    public const int RegD = 0x0D;
    public const int RegCentury = 0x32;
    private const int RegCenturyAlias = 0x37;

    private const byte AUip = 0x80;
    private const byte BSet = 0x80;
    private const byte BPie = 0x40;
    private const byte BAie = 0x20;
    private const byte BUie = 0x10;
    private const byte BBinary = 0x04;
    private const byte B24Hour = 0x02;
    private const byte CIrqf = 0x80;
    private const byte CPf = 0x40;
    private const byte CAf = 0x20;
    private const byte CUf = 0x10;

    private const long NsPerSecond = VirtualClock.TicksPerSecond;

    // UIP is high for 8 cycles of the 32.768 kHz base before each update (QEMU UIP_HOLD_LENGTH).
    private const long UipHold = 8 * NsPerSecond / 32768;

    private const long MaxClockSeconds = long.MaxValue / 2 / NsPerSecond;

    private readonly EventScheduler _scheduler;
    private readonly IrqLine _irq;
    private readonly TimerEvent _updateTimer;
    private readonly TimerEvent _periodicTimer;
    private readonly byte[] _ram = new byte[128];
    private byte _index;

    // The RTC's wall clock in nanoseconds since 1970-01-01 (of the guest's time zone) at virtual
    // time _clockReference; frozen at _clockBase while SET is on or the divider is held in reset.
    private long _clockBase;
    private long _clockReference;

    /// <param name="baseTime">The wall time the clock shows now (QEMU <c>-rtc base=</c>); its Kind is ignored.</param>
    public Rtc146818(EventScheduler scheduler, IrqLine irq8, DateTime baseTime)
    {
        _scheduler = scheduler;
        _irq = irq8;
        _updateTimer = new TimerEvent("rtc-update", OnUpdate);
        _periodicTimer = new TimerEvent("rtc-periodic", OnPeriodic);
        long maxTicks = MaxClockSeconds * TimeSpan.TicksPerSecond;
        _clockBase = Math.Clamp(baseTime.Ticks - DateTime.UnixEpoch.Ticks, -maxTicks, maxTicks) * 100;
        _clockReference = scheduler.Now;
        _ram[RegA] = 0x26;
        _ram[RegB] = B24Hour;
        _ram[RegD] = 0x80;
        WriteTimeRegisters(_clockBase);
        ScheduleTimers();
    }

    /// <summary>Port 70h bit 7 as last written: NMI disabled (PC glue logic, not the RTC).</summary>
    public bool NmiMasked { get; private set; }

    public string StateName => "rtc";

    /// <summary>The time the clock shows now.</summary>
    public DateTime CurrentTime => new(Math.Clamp((ClockNow() / 100) + DateTime.UnixEpoch.Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks));

    private bool Running => (_ram[RegB] & BSet) == 0 && (_ram[RegA] & 0x70) <= 0x20;

    public void Attach(IoBus bus) => bus.Claim(IndexPort, 2, this, "rtc");

    /// <summary>Raw CMOS RAM (configuration bytes 0Eh-7Fh), for the BIOS and <see cref="CmosDefaults"/>.</summary>
    public byte GetCmosByte(int index) => _ram[index & 0x7F];

    /// <summary>Sets a raw CMOS RAM byte without register side effects (use for 0Eh-7Fh).</summary>
    public void SetCmosByte(int index, byte value) => _ram[index & 0x7F] = value;

    public byte ReadByte(ushort port) => port == DataPort ? Read(_index) : (byte)0xFF;

    public void WriteByte(ushort port, byte value)
    {
        if (port == IndexPort)
        {
            _index = (byte)(value & 0x7F);
            NmiMasked = (value & 0x80) != 0;
        }
        else
        {
            Write(_index, value);
        }
    }

    /// <summary>Reads register <paramref name="index"/> exactly as port 71h does (side effects included).</summary>
    public byte Read(int index)
    {
        index &= 0x7F;
        switch (index)
        {
            case RegSeconds:
            case RegMinutes:
            case RegHours:
            case RegDayOfWeek:
            case RegDayOfMonth:
            case RegMonth:
            case RegYear:
                if (Running)
                {
                    WriteTimeRegisters(ClockNow());
                }

                return _ram[index];
            case RegA:
                return (byte)((_ram[RegA] & 0x7F) | (UpdateInProgress() ? AUip : 0));
            case RegC:
                // Reading C returns the flags and clears them, lowering IRQ8 (data sheet, register C).
                byte flags = _ram[RegC];
                _ram[RegC] = 0;
                _irq.Lower();
                return flags;
            case RegCenturyAlias:
                return _ram[RegCentury];
            default:
                return _ram[index];
        }
    }

    /// <summary>Writes register <paramref name="index"/> exactly as port 71h does.</summary>
    public void Write(int index, byte value)
    {
        index &= 0x7F;
        switch (index)
        {
            case RegSeconds:
            case RegMinutes:
            case RegHours:
            case RegDayOfWeek:
            case RegDayOfMonth:
            case RegMonth:
            case RegYear:
                if (Running)
                {
                    // Writing the time while the clock runs re-bases it, keeping the sub-second phase.
                    long now = ClockNow();
                    WriteTimeRegisters(now);
                    _ram[index] = value;
                    SetClock(ReadTimeRegisters() + RtcCalendar.FloorMod(now, NsPerSecond));
                    ScheduleTimers();
                }
                else
                {
                    _ram[index] = value;
                }

                break;
            case RegA:
                WriteRegisterA(value);
                break;
            case RegB:
                WriteRegisterB(value);
                break;
            case RegC:
            case RegD:
                break; // read-only
            case RegCenturyAlias:
                _ram[RegCentury] = value;
                break;
            default:
                _ram[index] = value;
                break;
        }
    }

    /// <summary>Machine reset (QEMU <c>rtc_reset</c>): interrupt enables and flags cleared, time kept.</summary>
    public void Reset()
    {
        _ram[RegB] &= unchecked((byte)~(BPie | BAie | 0x08));
        _ram[RegC] = 0;
        _irq.Lower();
        ScheduleTimers();
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("ram", _ram);
        writer.Write("index", _index);
        writer.Write("nmiMasked", NmiMasked);
        writer.Write("clock", ClockNow());
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        byte[] ram = new byte[128];
        section.GetBytes("ram", ram);
        _index = (byte)section.GetInt32("index", 0, 0x7F);
        NmiMasked = section.GetBool("nmiMasked");
        long clock = section.GetInt64("clock");
        ram.CopyTo(_ram);
        _clockBase = clock;
        _clockReference = _scheduler.Now;
        _irq.Set((_ram[RegC] & CIrqf) != 0);
        ScheduleTimers();
    }

    private long ClockNow() => Running ? _clockBase + (_scheduler.Now - _clockReference) : _clockBase;

    private void SetClock(long clock)
    {
        _clockBase = clock;
        _clockReference = _scheduler.Now;
    }

    private bool UpdateInProgress() =>
        Running && RtcCalendar.FloorMod(ClockNow(), NsPerSecond) >= NsPerSecond - UipHold;

    private void WriteRegisterA(byte value)
    {
        bool wasRunning = Running;
        bool wasInReset = (_ram[RegA] & 0x60) == 0x60;
        long clock = ClockNow();
        if (wasRunning)
        {
            WriteTimeRegisters(clock);
        }

        _ram[RegA] = (byte)(value & 0x7F);
        bool inReset = (_ram[RegA] & 0x60) == 0x60;
        if (wasRunning && !Running)
        {
            SetClock(clock); // frozen from here
        }
        else if (!wasRunning && Running)
        {
            // Leaving divider reset puts the first update 0.5 s away (data sheet, "Divider
            // control"; QEMU does the same); leaving another stop keeps the sub-second phase.
            long subSecond = wasInReset && !inReset ? NsPerSecond / 2 : RtcCalendar.FloorMod(clock, NsPerSecond);
            SetClock(ReadTimeRegisters() + subSecond);
        }

        ScheduleTimers();
    }

    private void WriteRegisterB(byte value)
    {
        bool wasRunning = Running;
        long clock = ClockNow();
        if (wasRunning)
        {
            WriteTimeRegisters(clock);
        }

        if ((value & BSet) != 0)
        {
            value &= unchecked((byte)~BUie); // QEMU: SET forces UIE off
        }

        _ram[RegB] = value;
        if (wasRunning && !Running)
        {
            SetClock(clock);
        }
        else if (!wasRunning && Running)
        {
            SetClock(ReadTimeRegisters() + RtcCalendar.FloorMod(clock, NsPerSecond));
        }

        // A flag already set in C whose interrupt becomes enabled interrupts at once (QEMU).
        if ((value & _ram[RegC] & (CPf | CAf | CUf)) != 0)
        {
            _ram[RegC] |= CIrqf;
            _irq.Raise();
        }
        else
        {
            _ram[RegC] &= unchecked((byte)~CIrqf);
            _irq.Lower();
        }

        ScheduleTimers();
    }

    private void ScheduleTimers()
    {
        if (!Running)
        {
            _scheduler.Cancel(_updateTimer);
            _scheduler.Cancel(_periodicTimer);
            return;
        }

        long subSecond = RtcCalendar.FloorMod(ClockNow(), NsPerSecond);
        _scheduler.Schedule(_updateTimer, _scheduler.Now + (NsPerSecond - subSecond));
        SchedulePeriodic(subSecond);
    }

    private void SchedulePeriodic(long subSecond)
    {
        int period = PeriodIn32kCycles();
        if (period == 0 || (_ram[RegB] & BPie) == 0)
        {
            _scheduler.Cancel(_periodicTimer);
            return;
        }

        // Periodic edges sit on the 32.768 kHz grid, which restarts at each second.
        long cycle = subSecond * 32768 / NsPerSecond;
        long next = ((cycle / period) + 1) * period;
        long nextNs = ((next * NsPerSecond) + 32767) / 32768;
        _scheduler.Schedule(_periodicTimer, _scheduler.Now + Math.Max(1, nextNs - subSecond));
    }

    /// <summary>Register A RS3-RS0 as a period of the 32.768 kHz base (data sheet table 5); 0 = off.</summary>
    private int PeriodIn32kCycles()
    {
        int rate = _ram[RegA] & 0x0F;
        if (rate == 0)
        {
            return 0;
        }

        if (rate <= 2)
        {
            rate += 7; // 1 and 2 repeat rates 8 and 9 (256 Hz, 128 Hz) with this time base
        }

        return 1 << (rate - 1);
    }

    private void OnPeriodic(long due)
    {
        SetFlag(CPf, BPie);
        SchedulePeriodic(RtcCalendar.FloorMod(ClockNow(), NsPerSecond));
    }

    private void OnUpdate(long due)
    {
        if (!Running)
        {
            return;
        }

        // The update cycle: time registers advance, UF is set, then the alarm is compared.
        WriteTimeRegisters(ClockNow());
        SetFlag(CUf, BUie);
        if (AlarmMatches(RegSecondsAlarm, RegSeconds) && AlarmMatches(RegMinutesAlarm, RegMinutes) && AlarmMatches(RegHoursAlarm, RegHours))
        {
            SetFlag(CAf, BAie);
        }

        long subSecond = RtcCalendar.FloorMod(ClockNow(), NsPerSecond);
        _scheduler.Schedule(_updateTimer, _scheduler.Now + (NsPerSecond - subSecond));
    }

    // An alarm byte with bits 7-6 = 11 matches any value (data sheet, "Alarm").
    private bool AlarmMatches(int alarm, int time) => (_ram[alarm] & 0xC0) == 0xC0 || _ram[alarm] == _ram[time];

    private void SetFlag(byte flag, byte enable)
    {
        _ram[RegC] |= flag;
        if ((_ram[RegB] & enable) != 0 && (_ram[RegC] & CIrqf) == 0)
        {
            _ram[RegC] |= CIrqf;
            _irq.Raise();
        }
    }

    private void WriteTimeRegisters(long clock)
    {
        long seconds = RtcCalendar.FloorDiv(clock, NsPerSecond);
        long days = RtcCalendar.FloorDiv(seconds, 86400);
        int secondOfDay = (int)(seconds - (days * 86400));
        RtcCalendar.CivilFromDays(days, out long year, out int month, out int day);
        int hour = secondOfDay / 3600;
        _ram[RegSeconds] = ToRegister(secondOfDay % 60);
        _ram[RegMinutes] = ToRegister(secondOfDay / 60 % 60);
        if ((_ram[RegB] & B24Hour) != 0)
        {
            _ram[RegHours] = ToRegister(hour);
        }
        else
        {
            int twelve = hour % 12;
            _ram[RegHours] = (byte)(ToRegister(twelve == 0 ? 12 : twelve) | (hour >= 12 ? 0x80 : 0));
        }

        _ram[RegDayOfWeek] = ToRegister(RtcCalendar.DayOfWeek(days) + 1);
        _ram[RegDayOfMonth] = ToRegister(day);
        _ram[RegMonth] = ToRegister(month);
        long yearOfCentury = RtcCalendar.FloorMod(year, 100);
        _ram[RegYear] = ToRegister((int)yearOfCentury);
        _ram[RegCentury] = ToRegister((int)RtcCalendar.FloorMod(RtcCalendar.FloorDiv(year, 100), 100));
    }

    /// <summary>The time the registers hold, in nanoseconds at a whole second.</summary>
    private long ReadTimeRegisters()
    {
        int second = FromRegister(_ram[RegSeconds]);
        int minute = FromRegister(_ram[RegMinutes]);
        int hour;
        if ((_ram[RegB] & B24Hour) != 0)
        {
            hour = FromRegister(_ram[RegHours]);
        }
        else
        {
            hour = (FromRegister((byte)(_ram[RegHours] & 0x7F)) % 12) + ((_ram[RegHours] & 0x80) != 0 ? 12 : 0);
        }

        long year = (FromRegister(_ram[RegCentury]) * 100L) + FromRegister(_ram[RegYear]);
        long days = RtcCalendar.DaysFromCivil(year, FromRegister(_ram[RegMonth]), FromRegister(_ram[RegDayOfMonth]));
        long seconds = (days * 86400) + (hour * 3600L) + (minute * 60L) + second;

        // The clock counts nanoseconds from 1970 in 64 bits: years about 1824-2116 fit with room
        // to run; a guest date outside that is pinned to the nearest end rather than wrapping.
        return Math.Clamp(seconds, -MaxClockSeconds, MaxClockSeconds) * NsPerSecond;
    }

    private byte ToRegister(int value) =>
        (_ram[RegB] & BBinary) != 0 ? (byte)value : (byte)(((value / 10 % 10) << 4) | (value % 10));

    private int FromRegister(byte value) =>
        (_ram[RegB] & BBinary) != 0 ? value : ((value >> 4) * 10) + (value & 0x0F);
}
