using Emu.Core.Io;

namespace Emu.Bios.Clock;

/// <summary>The MC146818 registers as the BIOS reaches them: index to port 70h, data at 71h (NMI left enabled).</summary>
public sealed class CmosPorts
{
    public const byte Seconds = 0x00;
    public const byte SecondsAlarm = 0x01;
    public const byte Minutes = 0x02;
    public const byte MinutesAlarm = 0x03;
    public const byte Hours = 0x04;
    public const byte HoursAlarm = 0x05;
    public const byte DayOfMonth = 0x07;
    public const byte Month = 0x08;
    public const byte Year = 0x09;
    public const byte StatusA = 0x0A;
    public const byte StatusB = 0x0B;
    public const byte StatusC = 0x0C;
    public const byte Century = 0x32;

    public const byte StatusAUpdateInProgress = 0x80;
    public const byte StatusBSet = 0x80;
    public const byte StatusBPeriodic = 0x40;
    public const byte StatusBAlarm = 0x20;
    public const byte StatusBBinary = 0x04;
    public const byte StatusB24Hour = 0x02;
    public const byte StatusBDaylightSaving = 0x01;

    private readonly IoBus _io;

    public CmosPorts(IoBus io)
    {
        _io = io;
    }

    public byte Read(byte index)
    {
        _io.WriteByte(0x70, index);
        return _io.ReadByte(0x71);
    }

    public void Write(byte index, byte value)
    {
        _io.WriteByte(0x70, index);
        _io.WriteByte(0x71, value);
    }

    public static int FromBcd(byte value) => ((value >> 4) * 10) + (value & 0x0F);
}
