using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;
using Emu.Core.Timing;

namespace Emu.Devices.Chipset;

/// <summary>
/// The power-management part of the PIIX4 ACPI function (PCI 8086:7113, 00:01.3; Intel 82371AB
/// datasheet 7.2, ACPI 1.0 4.7, QEMU <c>hw/acpi/piix4.c</c> and <c>hw/acpi/core.c</c>).
/// <list type="bullet">
/// <item>The PM I/O block (64 ports at the PMBA of config 40h, enabled by config 80h bit 0;
/// SeaBIOS and the built-in BIOS put it at 600h): PM1a_STS (+0, write 1 to clear), PM1a_EN (+2),
/// PM1a_CNT (+4: SCI_EN bit 0, SLP_TYP bits 10-12, SLP_EN bit 13) and the 24-bit PM timer (+8,
/// 3.579545 MHz). The rest of the block reads zero.</item>
/// <item>GPE0 at AFE0h (QEMU's fixed block: status AFE0h-AFE1h, enable AFE2h-AFE3h).</item>
/// <item>The APM ports B2h (SMI_CMD: F1h sets SCI_EN, F0h clears it, as QEMU's
/// <c>apm_ctrl_changed</c> does without SMM; reads return the last value written) and B3h (a
/// scratch status byte), QEMU <c>hw/isa/apm.c</c>.</item>
/// <item>The SCI, level-triggered on IRQ 9: PM1 status AND enable (timer, global lock, power
/// button, RTC) or GPE0 status AND enable.</item>
/// </list>
/// SLP_EN with SLP_TYP 0 (QEMU's <c>\_S5</c> value) powers the machine off. Sleeping (S1-S4) is
/// not supported: such a write is reported through <see cref="Warning"/> and otherwise ignored.
/// There is no SMM, so no SMI is ever raised and config 5Bh reads 02h (QEMU <c>piix4_pm_reset</c>
/// without SMM). The SMBus controller of the same function is not emulated.
/// </summary>
public sealed class Piix4Pm : IPortDevice, IStatefulDevice
{
    public const int BlockLength = 64;
    public const ushort GpeBase = 0xAFE0;
    public const int GpeLength = 4;
    public const ushort ApmControlPort = 0xB2;
    public const int SciIrq = 9;

    /// <summary>The PM timer's rate in Hz (ACPI 1.0 4.7.2.1).</summary>
    public const long TimerHz = 3_579_545;

    /// <summary>Values the guest writes to SMI_CMD (our FADT, as QEMU's: ACPI_ENABLE, ACPI_DISABLE).</summary>
    public const byte AcpiEnable = 0xF1;
    public const byte AcpiDisable = 0xF0;

    // PM1 status and enable bits (ACPI 1.0 table 4-13/4-14).
    public const ushort TimerStatus = 1 << 0;
    public const ushort GlobalStatus = 1 << 5;
    public const ushort PowerButtonStatus = 1 << 8;
    public const ushort RtcStatus = 1 << 10;
    public const ushort WakeStatus = 1 << 15;

    /// <summary>Events that raise the SCI when both status and enable are set (QEMU <c>acpi_update_sci</c>).</summary>
    private const ushort SciEvents = TimerStatus | GlobalStatus | PowerButtonStatus | RtcStatus;

    // PM1 control bits (ACPI 1.0 table 4-16).
    public const ushort SciEnable = 1 << 0;
    public const ushort SleepEnable = 1 << 13;
    private const int SleepTypeShift = 10;

    /// <summary>The timer's bit 23 toggles every 2^23 ticks and sets TMR_STS (ACPI 1.0 4.7.2.1).</summary>
    private const long TimerCarryTicks = 1L << 23;

    private readonly EventScheduler _scheduler;
    private readonly IrqLine _sci;
    private readonly TimerEvent _carry;
    private IoBus? _bus;
    private ushort _status;
    private ushort _enable;
    private ushort _control;
    private ushort _gpeStatus;
    private ushort _gpeEnable;
    private byte _apmControl;
    private byte _apmStatus;

    /// <summary>The timer's carry period (ticks / 2^23) in which TMR_STS was last clear.</summary>
    private long _carrySince;

    public Piix4Pm(EventScheduler scheduler, IrqLine sci)
    {
        _scheduler = scheduler;
        _sci = sci;
        _carry = new TimerEvent("pm-timer-carry", _ => UpdateSci());
        Reset();
    }

    /// <summary>Called when the guest enters S5 (SLP_EN with SLP_TYP 0).</summary>
    public Action? PowerOffRequested { get; set; }

    /// <summary>Reports what this model does not do (sleep states).</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>The PM I/O base while the block is mapped (PMBA, config 40h), or null.</summary>
    public ushort? MappedBase { get; private set; }

    public ushort Pm1Status => _status;

    public ushort Pm1Enable => _enable;

    public ushort Pm1Control => _control;

    public string StateName => "piix4-pm";

    /// <summary>Claims the fixed ports: GPE0 and the APM control/status pair.</summary>
    public void Attach(IoBus bus)
    {
        _bus = bus;
        bus.Claim(GpeBase, GpeLength, this, "piix4-gpe0", PortWidths.Word);
        bus.Claim(ApmControlPort, 2, this, "apm");
    }

    /// <summary>
    /// Maps the PM block at <paramref name="pmBase"/> (low 6 bits ignored, as the PMBA register
    /// hard-wires them) or unmaps it. A base whose ports another device already owns is left
    /// unmapped, as the guest's window would be shadowed there anyway.
    /// </summary>
    public void Map(ushort pmBase, bool enabled)
    {
        ushort aligned = (ushort)(pmBase & ~(BlockLength - 1));
        ushort? wanted = enabled && aligned != 0 ? aligned : null;
        if (_bus is null || wanted == MappedBase)
        {
            return;
        }

        if (MappedBase is { } old)
        {
            _bus.Release(old, BlockLength);
            MappedBase = null;
        }

        if (wanted is { } at)
        {
            for (int port = at; port < at + BlockLength; port++)
            {
                if (_bus.IsClaimed((ushort)port))
                {
                    Warning?.Invoke($"PM base {at:X4}h overlaps port {port:X4}h of another device; the PM block stays unmapped");
                    return;
                }
            }

            _bus.Claim(at, BlockLength, this, "piix4-pm", PortWidths.Word | PortWidths.Dword);
            MappedBase = at;
        }
    }

    /// <summary>The power button (QMP <c>system_powerdown</c>): PWRBTN_STS and the SCI, if the guest enabled it (QEMU <c>acpi_pm1_evt_power_down</c>).</summary>
    public void PressPowerButton()
    {
        if ((_enable & PowerButtonStatus) != 0)
        {
            _status |= PowerButtonStatus;
            UpdateSci();
        }
    }

    /// <summary>The 24-bit PM timer now: virtual time at 3.579545 MHz.</summary>
    public uint TimerValue => (uint)(TicksAt(_scheduler.Now) & 0xFFFFFF);

    /// <summary>Machine reset (QEMU <c>piix4_pm_reset</c>): registers cleared, SCI low, the block unmapped until the firmware maps it.</summary>
    public void Reset()
    {
        _status = 0;
        _enable = 0;
        _control = 0;
        _gpeStatus = 0;
        _gpeEnable = 0;
        _apmControl = 0;
        _apmStatus = 0;
        Map(0, enabled: false);
        UpdateSci();
    }

    public byte ReadByte(ushort port)
    {
        if (port is ApmControlPort or ApmControlPort + 1)
        {
            return port == ApmControlPort ? _apmControl : _apmStatus;
        }

        ushort word = ReadWord((ushort)(port & ~1));
        return (byte)((port & 1) == 0 ? word : word >> 8);
    }

    public void WriteByte(ushort port, byte value)
    {
        if (port == ApmControlPort)
        {
            WriteApmControl(value);
            return;
        }

        if (port == ApmControlPort + 1)
        {
            _apmStatus = value;
            return;
        }

        // A byte write of a 16-bit register changes that byte only; in a write-1-to-clear
        // register the other byte's zeros clear nothing.
        ushort even = (ushort)(port & ~1);
        ushort shifted = (port & 1) == 0 ? value : (ushort)(value << 8);
        if (IsWriteOneToClear(even))
        {
            WriteWord(even, shifted);
            return;
        }

        ushort keep = (port & 1) == 0 ? (ushort)0xFF00 : (ushort)0x00FF;
        WriteWord(even, (ushort)((ReadRegisterForMerge(even) & keep) | shifted));
    }

    public ushort ReadWord(ushort port)
    {
        if (port >= GpeBase && port < GpeBase + GpeLength)
        {
            return port < GpeBase + 2 ? _gpeStatus : _gpeEnable;
        }

        return PmRegister(port) switch
        {
            0 => CurrentStatus(),
            2 => _enable,
            4 => _control,
            8 => (ushort)TimerValue,
            10 => (ushort)(TimerValue >> 16),
            _ => 0,
        };
    }

    public void WriteWord(ushort port, ushort value)
    {
        if (port >= GpeBase && port < GpeBase + GpeLength)
        {
            if (port < GpeBase + 2)
            {
                _gpeStatus &= (ushort)~value;
            }
            else
            {
                _gpeEnable = value;
            }

            UpdateSci();
            return;
        }

        switch (PmRegister(port))
        {
            case 0:
                _status = (ushort)(CurrentStatus() & ~value);
                if ((value & TimerStatus) != 0)
                {
                    // The next carry counts from the period this clear happened in.
                    _carrySince = TicksAt(_scheduler.Now) / TimerCarryTicks;
                }

                break;
            case 2:
                _enable = value;
                break;
            case 4:
                WriteControl(value);
                return;
            default:
                return;
        }

        UpdateSci();
    }

    public uint ReadDword(ushort port) => ReadWord(port) | ((uint)ReadWord((ushort)(port + 2)) << 16);

    public void WriteDword(ushort port, uint value)
    {
        WriteWord(port, (ushort)value);
        WriteWord((ushort)(port + 2), (ushort)(value >> 16));
    }

    /// <summary>A GPE0 event source (hot-plug in QEMU; none here yet) sets a status bit.</summary>
    public void RaiseGpe(int bit)
    {
        _gpeStatus |= (ushort)(1 << bit);
        UpdateSci();
    }

    private int PmRegister(ushort port) => MappedBase is { } b && port >= b && port < b + BlockLength ? port - b : -1;

    private bool IsWriteOneToClear(ushort port) => PmRegister(port) == 0 || port == GpeBase;

    private ushort ReadRegisterForMerge(ushort port) => port == GpeBase + 2 ? _gpeEnable : PmRegister(port) switch
    {
        2 => _enable,
        4 => _control,
        _ => (ushort)0,
    };

    /// <summary>QEMU <c>apm_ctrl_changed</c> for PIIX4 without SMM: only the two ACPI values act.</summary>
    private void WriteApmControl(byte value)
    {
        _apmControl = value;
        if (value == AcpiEnable)
        {
            _control |= SciEnable;
        }
        else if (value == AcpiDisable)
        {
            _control &= unchecked((ushort)~SciEnable);
        }
    }

    /// <summary>PM1a_CNT (QEMU <c>acpi_pm1_cnt_write</c>): SLP_EN is write-only and starts the sleep.</summary>
    private void WriteControl(ushort value)
    {
        _control = (ushort)(value & ~SleepEnable);
        if ((value & SleepEnable) == 0)
        {
            return;
        }

        int sleepType = (value >> SleepTypeShift) & 7;
        if (sleepType == 0)
        {
            PowerOffRequested?.Invoke();
            return;
        }

        Warning?.Invoke($"ACPI sleep type {sleepType} (S1-S4) is not supported; only S5 (type 0) powers off");
    }

    /// <summary>PM1 status with TMR_STS folded in once the timer's bit 23 has toggled since the last clear.</summary>
    private ushort CurrentStatus()
    {
        if (CarryPassed())
        {
            _status |= TimerStatus;
        }

        return _status;
    }

    private bool CarryPassed()
    {
        long now = TicksAt(_scheduler.Now);
        return now / TimerCarryTicks != _carrySince;
    }

    private void UpdateSci()
    {
        ushort status = CurrentStatus();
        if ((status & TimerStatus) == 0)
        {
            // TMR_STS is clear: the next carry counts from here.
            _carrySince = TicksAt(_scheduler.Now) / TimerCarryTicks;
        }

        bool level = (status & _enable & SciEvents) != 0 || (_gpeStatus & _gpeEnable) != 0;
        _sci.Set(level);
        ScheduleCarry();
    }

    /// <summary>With TMR_EN set and TMR_STS clear, an event at the next carry raises the SCI.</summary>
    private void ScheduleCarry()
    {
        bool wanted = (_enable & TimerStatus) != 0 && (_status & TimerStatus) == 0;
        if (!wanted)
        {
            if (_carry.IsScheduled)
            {
                _scheduler.Cancel(_carry);
            }

            return;
        }

        long next = NanosecondsAt((_carrySince + 1) * TimerCarryTicks);
        if (!_carry.IsScheduled || _carry.Deadline != next)
        {
            _scheduler.Schedule(_carry, next);
        }
    }

    /// <summary>Timer ticks elapsed by virtual time <paramref name="ns"/> (exact, no overflow).</summary>
    private static long TicksAt(long ns) => (long)((Int128)ns * TimerHz / VirtualClock.TicksPerSecond);

    /// <summary>The first virtual nanosecond at which <paramref name="ticks"/> have elapsed.</summary>
    private static long NanosecondsAt(long ticks) => (long)((((Int128)ticks * VirtualClock.TicksPerSecond) + TimerHz - 1) / TimerHz);

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("pm1-status", CurrentStatus());
        writer.Write("pm1-enable", _enable);
        writer.Write("pm1-control", _control);
        writer.Write("gpe0-status", _gpeStatus);
        writer.Write("gpe0-enable", _gpeEnable);
        writer.Write("apm-control", _apmControl);
        writer.Write("apm-status", _apmStatus);
        writer.Write("mapped", MappedBase.HasValue);
        writer.Write("base", MappedBase ?? 0);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        _status = section.GetUInt16("pm1-status");
        _enable = section.GetUInt16("pm1-enable");
        _control = (ushort)(section.GetUInt16("pm1-control") & ~SleepEnable);
        _gpeStatus = section.GetUInt16("gpe0-status");
        _gpeEnable = section.GetUInt16("gpe0-enable");
        _apmControl = section.GetByte("apm-control");
        _apmStatus = section.GetByte("apm-status");
        Map(section.GetUInt16("base"), section.GetBool("mapped"));
        _carrySince = TicksAt(_scheduler.Now) / TimerCarryTicks;
        UpdateSci();
    }
}
