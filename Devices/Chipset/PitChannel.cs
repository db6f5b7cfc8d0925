using Emu.Core.State;

namespace Emu.Devices.Chipset;

/// <summary>
/// One counter of the Intel 8254 (owned by <see cref="Pit8254"/>). Nothing ticks: the count
/// and the OUT pin are computed from the virtual time elapsed since the count was loaded
/// (8254 data sheet, "Modes"; QEMU <c>hw/timer/i8254.c</c> does the same).
/// </summary>
public sealed class PitChannel
{
    // Read/write byte states (8254 data sheet, "Write operations" / "Read operations").
    private const byte StateLsb = 1;
    private const byte StateMsb = 2;
    private const byte StateWord0 = 3;
    private const byte StateWord1 = 4;

    private int _count = 0x10000;
    private long _loadTime;
    private bool _armed = true;
    private bool _triggered = true;
    private bool _paused;
    private long _pausedTicks;
    private byte _readState;
    private byte _writeState;
    private byte _writeLatch;
    private ushort _latchedCount;
    private byte _countLatched;
    private byte _status;
    private bool _statusLatched;

    internal PitChannel(int index, bool gate)
    {
        Index = index;
        Gate = gate;
        ProgrammedMode = 3;
    }

    public int Index { get; }

    /// <summary>Counting mode 0-5 (6 and 7 act as 2 and 3).</summary>
    public int Mode => ProgrammedMode >= 6 ? ProgrammedMode - 4 : ProgrammedMode;

    /// <summary>The M bits as written in the control word (read back in the status byte).</summary>
    public int ProgrammedMode { get; private set; }

    /// <summary>RW bits: 1 LSB, 2 MSB, 3 LSB then MSB (0 only before the first control word).</summary>
    public int AccessMode { get; private set; }

    public bool Bcd { get; private set; }

    public bool Gate { get; private set; }

    /// <summary>The initial count in counts (1..65536 binary, 1..10000 BCD).</summary>
    public int InitialCount => _count;

    /// <summary>True while a control word was written and the new count is not complete (status bit 6).</summary>
    public bool NullCount => !_armed;

    internal long LoadTime => _loadTime;

    /// <summary>Counter clocks elapsed since the count was loaded (or triggered) at <paramref name="now"/>.</summary>
    internal long Ticks(long now)
    {
        if (!_armed || !_triggered)
        {
            return 0;
        }

        return _paused ? _pausedTicks : Pit8254.NanosecondsToTicks(now - _loadTime);
    }

    /// <summary>The OUT pin at <paramref name="now"/> (8254 data sheet, mode descriptions).</summary>
    public bool GetOutput(long now)
    {
        if (!_armed)
        {
            // A control word sets OUT low in mode 0, high in 1, 3 and 5 (data sheet); modes 2
            // and 4 idle low under QEMU's polarity (observed status 38h after a mode 4 control word).
            return Mode is 1 or 3 or 5;
        }

        long d = Ticks(now);
        long n = _count;
        switch (Mode)
        {
            case 0:
                return d >= n;
            case 1:
                return !_triggered || d >= n;
            case 2:
                // QEMU's polarity (observed: read-back status 34h after SeaBIOS set mode 2): OUT
                // pulses high for the clock at each reload instead of low for the clock before it.
                // The rising edges, which are what IRQ0 sees, fall on the same clocks either way.
                return d != 0 && d % n == 0;
            case 3:
                return !Gate || d % n < (n + 1) >> 1;
            case 4:
                // QEMU's polarity again (observed status 38h): a high strobe at terminal count.
                return d == n;
            default:
                return _triggered && d == n;
        }
    }

    /// <summary>The current count as the guest reads it (binary or BCD).</summary>
    public ushort GetCount(long now)
    {
        long d = Ticks(now);
        long n = _count;
        int modulus = Bcd ? 10000 : 0x10000;
        long value = Mode switch
        {
            2 => n - (d % n),
            3 => n - ((2 * d) % n),
            _ => ((n - d) % modulus + modulus) % modulus,
        };
        value %= modulus;
        return Bcd ? ToBcd((int)value) : (ushort)value;
    }

    /// <summary>The next counter clock after <paramref name="d"/> at which OUT changes, or -1 if it never does.</summary>
    internal long NextTransition(long d)
    {
        if (!_armed || !_triggered || _paused)
        {
            return -1;
        }

        long n = _count;
        switch (Mode)
        {
            case 0:
            case 1:
                return d < n ? n : -1;
            case 2:
                if (n < 2)
                {
                    return d == 0 ? 1 : -1;
                }

                return d != 0 && d % n == 0 ? d + 1 : d - (d % n) + n;
            case 3:
                if (!Gate || n < 2)
                {
                    return -1;
                }

                long base3 = d - (d % n);
                long high = (n + 1) >> 1;
                return d % n < high ? base3 + high : base3 + n;
            default:
                return d < n ? n : d == n ? n + 1 : -1;
        }
    }

    internal void WriteControl(byte value, long now)
    {
        int access = (value >> 4) & 3;
        if (access == 0)
        {
            LatchCount(now);
            return;
        }

        AccessMode = access;
        _readState = (byte)access;
        _writeState = (byte)access;
        _countLatched = 0;
        ProgrammedMode = (value >> 1) & 7;
        Bcd = (value & 1) != 0;
        _armed = false;
        _paused = false;
    }

    internal void LatchCount(long now)
    {
        // A second latch before the first is read is ignored (8254 data sheet, "Counter latch command").
        if (_countLatched == 0)
        {
            _latchedCount = GetCount(now);
            _countLatched = AccessMode == 0 ? StateLsb : (byte)AccessMode;
        }
    }

    internal void LatchStatus(long now)
    {
        if (!_statusLatched)
        {
            _status = (byte)((GetOutput(now) ? 0x80 : 0) | (NullCount ? 0x40 : 0) | (AccessMode << 4) | (ProgrammedMode << 1) | (Bcd ? 1 : 0));
            _statusLatched = true;
        }
    }

    internal byte Read(long now)
    {
        if (_statusLatched)
        {
            _statusLatched = false;
            return _status;
        }

        if (_countLatched != 0)
        {
            switch (_countLatched)
            {
                case StateMsb:
                    _countLatched = 0;
                    return (byte)(_latchedCount >> 8);
                case StateWord0:
                    _countLatched = StateMsb;
                    return (byte)_latchedCount;
                default:
                    _countLatched = 0;
                    return (byte)_latchedCount;
            }
        }

        ushort count = GetCount(now);
        switch (_readState)
        {
            case StateMsb:
                return (byte)(count >> 8);
            case StateWord0:
                _readState = StateWord1;
                return (byte)count;
            case StateWord1:
                _readState = StateWord0;
                return (byte)(count >> 8);
            default:
                return (byte)count;
        }
    }

    /// <summary>Takes a count byte; returns true when a complete count was loaded.</summary>
    internal bool Write(byte value, long now)
    {
        switch (_writeState)
        {
            case StateMsb:
                Load(value << 8, now);
                return true;
            case StateWord0:
                _writeLatch = value;
                _writeState = StateWord1;
                return false;
            case StateWord1:
                _writeState = StateWord0;
                Load(_writeLatch | (value << 8), now);
                return true;
            default:
                Load(value, now);
                return true;
        }
    }

    internal void SetGate(bool gate, long now)
    {
        if (gate == Gate)
        {
            return;
        }

        switch (Mode)
        {
            case 0:
            case 4:
                // Gate low suspends counting; high resumes it where it stopped.
                if (!gate)
                {
                    _pausedTicks = Ticks(now);
                    _paused = _armed;
                }
                else if (_paused)
                {
                    _paused = false;
                    _loadTime = now - Pit8254.TicksToNanoseconds(_pausedTicks);
                }

                break;
            case 1:
            case 5:
                // A rising gate (re)triggers the one-shot from the initial count.
                if (gate && _armed)
                {
                    _triggered = true;
                    _loadTime = now;
                }

                break;
            default:
                // Modes 2 and 3: gate low stops counting with OUT high; a rising gate reloads.
                if (!gate)
                {
                    _pausedTicks = Ticks(now);
                    _paused = _armed;
                }
                else
                {
                    _paused = false;
                    _loadTime = now;
                }

                break;
        }

        Gate = gate;
    }

    internal void Reset(long now)
    {
        ProgrammedMode = 3;
        AccessMode = 0;
        Bcd = false;
        _count = 0x10000;
        _loadTime = now;
        _armed = true;
        _triggered = true;
        _paused = false;
        _readState = 0;
        _writeState = 0;
        _countLatched = 0;
        _statusLatched = false;
    }

    internal void Save(StateWriter writer, long now)
    {
        string p = "ch" + Index + ".";
        writer.Write(p + "count", _count);
        writer.Write(p + "loadAge", now - _loadTime);
        writer.Write(p + "armed", _armed);
        writer.Write(p + "triggered", _triggered);
        writer.Write(p + "paused", _paused);
        writer.Write(p + "pausedTicks", _pausedTicks);
        writer.Write(p + "mode", ProgrammedMode);
        writer.Write(p + "access", AccessMode);
        writer.Write(p + "bcd", Bcd);
        writer.Write(p + "gate", Gate);
        writer.Write(p + "readState", _readState);
        writer.Write(p + "writeState", _writeState);
        writer.Write(p + "writeLatch", _writeLatch);
        writer.Write(p + "latchedCount", _latchedCount);
        writer.Write(p + "countLatched", _countLatched);
        writer.Write(p + "status", _status);
        writer.Write(p + "statusLatched", _statusLatched);
    }

    internal void Load(StateSection section, long now)
    {
        string p = "ch" + Index + ".";
        _count = section.GetInt32(p + "count", 1, 0x10000);
        _loadTime = now - section.GetInt64(p + "loadAge", 0, long.MaxValue / 2);
        _armed = section.GetBool(p + "armed");
        _triggered = section.GetBool(p + "triggered");
        _paused = section.GetBool(p + "paused");
        _pausedTicks = section.GetInt64(p + "pausedTicks", 0, long.MaxValue / 2);
        ProgrammedMode = section.GetInt32(p + "mode", 0, 7);
        AccessMode = section.GetInt32(p + "access", 0, 3);
        Bcd = section.GetBool(p + "bcd");
        Gate = section.GetBool(p + "gate");
        _readState = (byte)section.GetInt32(p + "readState", 0, StateWord1);
        _writeState = (byte)section.GetInt32(p + "writeState", 0, StateWord1);
        _writeLatch = section.GetByte(p + "writeLatch");
        _latchedCount = section.GetUInt16(p + "latchedCount");
        _countLatched = (byte)section.GetInt32(p + "countLatched", 0, StateWord0);
        _status = section.GetByte(p + "status");
        _statusLatched = section.GetBool(p + "statusLatched");
        if (Bcd && _count > 10000)
        {
            throw new StateFormatException($"section {section.Name}: {p}count {_count} is not a BCD count");
        }
    }

    private void Load(int value, long now)
    {
        // 0 stands for the largest count: 65536 binary, 10000 BCD (8254 data sheet, "Counter").
        int count = Bcd ? FromBcd(value) : value;
        if (count == 0)
        {
            count = Bcd ? 10000 : 0x10000;
        }

        _count = count;
        _loadTime = now;
        _armed = true;
        _paused = false;
        _triggered = Mode != 1 && Mode != 5; // the hardware-triggered modes wait for a gate edge
        if (!Gate && Mode != 1 && Mode != 5)
        {
            _paused = true;
            _pausedTicks = 0;
        }
    }

    private static int FromBcd(int value) =>
        (value & 0xF) + (((value >> 4) & 0xF) * 10) + (((value >> 8) & 0xF) * 100) + (((value >> 12) & 0xF) * 1000);

    private static ushort ToBcd(int value) =>
        (ushort)((value % 10) | ((value / 10 % 10) << 4) | ((value / 100 % 10) << 8) | ((value / 1000 % 10) << 12));
}
