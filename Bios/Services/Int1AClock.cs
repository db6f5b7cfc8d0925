using Emu.Bios.Clock;
using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>INT 1Ah time services: the BDA tick count and the RTC through ports 70h/71h (pc-platform-bios.md 4.9).</summary>
public sealed class Int1AClock : BiosInterruptHandler
{
    private readonly CmosPorts _cmos;

    public Int1AClock(BiosContext context)
        : base(context)
    {
        _cmos = new CmosPorts(context.Io);
        Register(0x00, ReadTicks);
        Register(0x01, SetTicks);
        Register(0x02, ReadTime);
        Register(0x03, SetTime);
        Register(0x04, ReadDate);
        Register(0x05, SetDate);
        Register(0x06, SetAlarm);
        Register(0x07, ResetAlarm);
    }

    public override byte Vector => 0x1A;

    /// <summary>AH=00h: CX:DX = ticks since midnight, AL = rollover count (then cleared), CF=0.</summary>
    private void ReadTicks()
    {
        BiosDataArea bda = Context.Bda;
        uint ticks = bda.Read32(BiosDataArea.TimerTicks);
        Cpu.CX = (ushort)(ticks >> 16);
        Cpu.DX = (ushort)ticks;
        Cpu.AL = bda.Read8(BiosDataArea.TimerRollover);
        bda.Write8(BiosDataArea.TimerRollover, 0);
        Context.SetCarry(false);
    }

    /// <summary>AH=01h: CX:DX = new tick count; clears the rollover flag; AH=00h.</summary>
    private void SetTicks()
    {
        BiosDataArea bda = Context.Bda;
        bda.Write32(BiosDataArea.TimerTicks, ((uint)Cpu.CX << 16) | Cpu.DX);
        bda.Write8(BiosDataArea.TimerRollover, 0);
        Cpu.AH = 0;
        Context.SetCarry(false);
    }

    private bool Updating => (_cmos.Read(CmosPorts.StatusA) & CmosPorts.StatusAUpdateInProgress) != 0;

    /// <summary>AH=02h: CH = hours, CL = minutes, DH = seconds (BCD), DL = DSE; AH=00h, AL=CH; CF=1 while the RTC updates.</summary>
    private void ReadTime()
    {
        if (Updating)
        {
            Context.SetCarry(true);
            return;
        }

        Cpu.DH = _cmos.Read(CmosPorts.Seconds);
        Cpu.CL = _cmos.Read(CmosPorts.Minutes);
        Cpu.CH = _cmos.Read(CmosPorts.Hours);
        Cpu.DL = (byte)(_cmos.Read(CmosPorts.StatusB) & CmosPorts.StatusBDaylightSaving);
        Cpu.AH = 0;
        Cpu.AL = Cpu.CH;
        Context.SetCarry(false);
    }

    /// <summary>AH=03h: CH, CL, DH (BCD), DL = DSE; forces 24-hour BCD mode. Out: AL = new register B.</summary>
    private void SetTime()
    {
        byte b = _cmos.Read(CmosPorts.StatusB);
        _cmos.Write(CmosPorts.StatusB, (byte)(b | CmosPorts.StatusBSet));
        _cmos.Write(CmosPorts.Seconds, Cpu.DH);
        _cmos.Write(CmosPorts.Minutes, Cpu.CL);
        _cmos.Write(CmosPorts.Hours, Cpu.CH);
        byte value = (byte)((b & (CmosPorts.StatusBPeriodic | CmosPorts.StatusBAlarm)) | CmosPorts.StatusB24Hour | (Cpu.DL & CmosPorts.StatusBDaylightSaving));
        _cmos.Write(CmosPorts.StatusB, value);
        Cpu.AH = 0;
        Cpu.AL = value;
        Context.SetCarry(false);
    }

    /// <summary>AH=04h: CH = century, CL = year, DH = month, DL = day (BCD); AH=00h, AL=CH.</summary>
    private void ReadDate()
    {
        if (Updating)
        {
            Context.SetCarry(true);
            return;
        }

        Cpu.DL = _cmos.Read(CmosPorts.DayOfMonth);
        Cpu.DH = _cmos.Read(CmosPorts.Month);
        Cpu.CL = _cmos.Read(CmosPorts.Year);
        Cpu.CH = _cmos.Read(CmosPorts.Century);
        Cpu.AH = 0;
        Cpu.AL = Cpu.CH;
        Context.SetCarry(false);
    }

    /// <summary>AH=05h: CH = century, CL = year, DH = month, DL = day (BCD).</summary>
    private void SetDate()
    {
        byte b = _cmos.Read(CmosPorts.StatusB);
        _cmos.Write(CmosPorts.StatusB, (byte)(b | CmosPorts.StatusBSet));
        _cmos.Write(CmosPorts.DayOfMonth, Cpu.DL);
        _cmos.Write(CmosPorts.Month, Cpu.DH);
        _cmos.Write(CmosPorts.Year, Cpu.CL);
        _cmos.Write(CmosPorts.Century, Cpu.CH);
        _cmos.Write(CmosPorts.StatusB, (byte)(b & ~CmosPorts.StatusBSet));
        Cpu.AH = 0;
        Context.SetCarry(false);
    }

    /// <summary>AH=06h: CH, CL, DH = alarm time (BCD); CF=1 if an alarm is already set.</summary>
    private void SetAlarm()
    {
        byte b = _cmos.Read(CmosPorts.StatusB);
        if ((b & CmosPorts.StatusBAlarm) != 0)
        {
            Context.SetCarry(true);
            return;
        }

        _cmos.Write(CmosPorts.SecondsAlarm, Cpu.DH);
        _cmos.Write(CmosPorts.MinutesAlarm, Cpu.CL);
        _cmos.Write(CmosPorts.HoursAlarm, Cpu.CH);
        _cmos.Write(CmosPorts.StatusB, (byte)(b | CmosPorts.StatusBAlarm));
        Cpu.AH = 0;
        Context.SetCarry(false);
    }

    /// <summary>AH=07h: turns the alarm interrupt off.</summary>
    private void ResetAlarm()
    {
        byte b = _cmos.Read(CmosPorts.StatusB);
        _cmos.Write(CmosPorts.StatusB, (byte)(b & ~CmosPorts.StatusBAlarm));
        Cpu.AH = 0;
        Context.SetCarry(false);
    }
}
