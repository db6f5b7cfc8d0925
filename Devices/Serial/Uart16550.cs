using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;
using Emu.Core.Timing;

namespace Emu.Devices.Serial;

/// <summary>
/// National Semiconductor PC16550D UART. Eight ports from <c>basePort</c> (COM1 3F8h IRQ4, COM2
/// 2F8h IRQ3): RBR/THR/DLL, IER/DLM, IIR/FCR, LCR, MCR, LSR, MSR, SCR. 16-byte receive FIFO
/// with trigger levels 1/4/8/14 and the character-timeout interrupt after four character
/// times (virtual time at the programmed baud rate), interrupt identification in the data
/// sheet's priority order, loopback (MCR bit 4). Follows QEMU <c>hw/char/serial.c</c> where the
/// data sheet leaves room: transmission is instant (each THR byte goes to the backend at once,
/// so THRE/TEMT are set again immediately and the THRE interrupt re-arms), enabling THRI while
/// THR is empty raises it at once, OUT2 does not gate the IRQ line, received bytes beyond a
/// full FIFO set OE and are dropped. Input is pulled from the <see cref="ICharBackend"/> only on
/// the machine thread by <see cref="PollInput"/> (the App posts it when the backend raises
/// <see cref="ICharBackend.InputAvailable"/>) and again whenever the guest drains RBR.
/// Leaves out parity/framing errors, break transmission and the modem-status inputs of a
/// real host port (MSR reads DCD, DSR, CTS asserted).
/// </summary>
public sealed class Uart16550 : IPortDevice, IStatefulDevice
{
    public const ushort Com1Port = 0x3F8;
    public const int Com1Irq = 4;
    public const ushort Com2Port = 0x2F8;
    public const int Com2Irq = 3;

    /// <summary>The divisor latch divides this clock (1.8432 MHz / 16).</summary>
    public const long BaudBase = 115200;

    private const int FifoSize = 16;

    // Register bits (PC16550D data sheet, table II).
    private const byte IerReceivedData = 0x01;
    private const byte IerThrEmpty = 0x02;
    private const byte IerLineStatus = 0x04;
    private const byte IerModemStatus = 0x08;
    private const byte IirNoInterrupt = 0x01;
    private const byte IirModemStatus = 0x00;
    private const byte IirThrEmpty = 0x02;
    private const byte IirReceivedData = 0x04;
    private const byte IirLineStatus = 0x06;
    private const byte IirCharacterTimeout = 0x0C;
    private const byte IirFifoEnabled = 0xC0;
    private const byte FcrEnable = 0x01;
    private const byte FcrClearReceive = 0x02;
    private const byte FcrClearTransmit = 0x04;
    private const byte LcrDlab = 0x80;
    private const byte McrLoopback = 0x10;
    private const byte LsrDataReady = 0x01;
    private const byte LsrOverrun = 0x02;
    private const byte LsrBreak = 0x10;
    private const byte LsrErrors = 0x1E;
    private const byte LsrThrEmpty = 0x20;
    private const byte LsrTransmitterEmpty = 0x40;
    private const byte MsrDeltas = 0x0F;

    private readonly ushort _basePort;
    private readonly EventScheduler _scheduler;
    private readonly IrqLine _irq;
    private readonly ICharBackend _backend;
    private readonly TimerEvent _timeoutTimer;
    private readonly byte[] _fifo = new byte[FifoSize];
    private readonly byte[] _pollBuffer = new byte[FifoSize];
    private int _fifoHead;
    private int _fifoCount;
    private byte _rbr;
    private byte _ier;
    private byte _iir;
    private byte _lcr;
    private byte _mcr;
    private byte _lsr;
    private byte _msr;
    private byte _scr;
    private byte _fcr;
    private ushort _divisor;
    private bool _thrInterruptPending;
    private bool _timeoutPending;
    private int _triggerLevel;

    public Uart16550(ushort basePort, EventScheduler scheduler, IrqLine irq, ICharBackend backend, string stateName = "serial0")
    {
        _basePort = basePort;
        _scheduler = scheduler;
        _irq = irq;
        _backend = backend;
        StateName = stateName;
        _timeoutTimer = new TimerEvent(stateName + "-timeout", OnCharacterTimeout);
        Reset();
    }

    public string StateName { get; }

    public ushort BasePort => _basePort;

    /// <summary>Virtual nanoseconds one character takes on the line (start, data, parity, stop bits).</summary>
    public long CharacterTime { get; private set; }

    public ushort Divisor => _divisor;

    public byte LineControl => _lcr;

    public byte ModemControl => _mcr;

    public void Attach(IoBus bus) => bus.Claim(_basePort, 8, this, StateName);

    /// <summary>QEMU <c>serial_reset</c>: IER 00, IIR 01, LCR 00, MCR 08, LSR 60, MSR B0, divisor 12 (9600 baud).</summary>
    public void Reset()
    {
        _rbr = 0;
        _ier = 0;
        _iir = IirNoInterrupt;
        _lcr = 0;
        _mcr = 0x08;
        _lsr = LsrThrEmpty | LsrTransmitterEmpty;
        _msr = 0xB0;
        _scr = 0;
        _fcr = 0;
        _divisor = 12;
        _thrInterruptPending = false;
        _timeoutPending = false;
        _triggerLevel = 1;
        _fifoHead = 0;
        _fifoCount = 0;
        _scheduler.Cancel(_timeoutTimer);
        UpdateCharacterTime();
        UpdateIrq();
    }

    /// <summary>
    /// Wires the backend's input notification to this UART: when bytes arrive (on any thread),
    /// <paramref name="postToMachineThread"/> is asked to run <see cref="PollInput"/> on the
    /// machine thread. Pass the machine's post method; tests on one thread can pass <c>a => a()</c>.
    /// </summary>
    public void ConnectInput(Action<Action> postToMachineThread)
    {
        ArgumentNullException.ThrowIfNull(postToMachineThread);
        Action poll = PollInput;
        _backend.InputAvailable = () => postToMachineThread(poll);
    }

    /// <summary>
    /// Takes received bytes from the backend while the receiver has room (machine thread only).
    /// Outside loopback mode; in FIFO mode up to the free FIFO space, otherwise one byte while
    /// RBR is empty.
    /// </summary>
    public void PollInput()
    {
        if ((_mcr & McrLoopback) != 0)
        {
            return;
        }

        while (_backend.HasInput)
        {
            int room = (_fcr & FcrEnable) != 0 ? FifoSize - _fifoCount : ((_lsr & LsrDataReady) == 0 ? 1 : 0);
            if (room <= 0)
            {
                return;
            }

            int count = _backend.Read(_pollBuffer.AsSpan(0, room));
            if (count <= 0)
            {
                return;
            }

            for (int i = 0; i < count; i++)
            {
                Receive(_pollBuffer[i]);
            }
        }
    }

    public byte ReadByte(ushort port)
    {
        switch (port - _basePort)
        {
            case 0:
                return (_lcr & LcrDlab) != 0 ? (byte)_divisor : ReadReceiveBuffer();
            case 1:
                return (_lcr & LcrDlab) != 0 ? (byte)(_divisor >> 8) : _ier;
            case 2:
                byte iir = _iir;
                // Reading IIR while it reports THR empty clears that interrupt (data sheet, table IV).
                if ((iir & 0x0F) == IirThrEmpty)
                {
                    _thrInterruptPending = false;
                    UpdateIrq();
                }

                return iir;
            case 3:
                return _lcr;
            case 4:
                return _mcr;
            case 5:
                byte lsr = _lsr;
                if ((_lsr & (LsrBreak | LsrOverrun)) != 0)
                {
                    _lsr &= unchecked((byte)~(LsrBreak | LsrOverrun));
                    UpdateIrq();
                }

                return lsr;
            case 6:
                return ReadModemStatus();
            default:
                return _scr;
        }
    }

    public void WriteByte(ushort port, byte value)
    {
        switch (port - _basePort)
        {
            case 0:
                if ((_lcr & LcrDlab) != 0)
                {
                    _divisor = (ushort)((_divisor & 0xFF00) | value);
                    UpdateCharacterTime();
                }
                else
                {
                    Transmit(value);
                }

                break;
            case 1:
                if ((_lcr & LcrDlab) != 0)
                {
                    _divisor = (ushort)((_divisor & 0x00FF) | (value << 8));
                    UpdateCharacterTime();
                }
                else
                {
                    WriteInterruptEnable(value);
                }

                break;
            case 2:
                WriteFifoControl(value);
                break;
            case 3:
                _lcr = value;
                UpdateCharacterTime();
                break;
            case 4:
                bool wasLoopback = (_mcr & McrLoopback) != 0;
                _mcr = (byte)(value & 0x1F);
                if (wasLoopback && (_mcr & McrLoopback) == 0)
                {
                    PollInput();
                }

                break;
            case 7:
                _scr = value;
                break;
            default:
                break; // LSR and MSR writes (factory test) are ignored
        }
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("rbr", _rbr);
        writer.Write("ier", _ier);
        writer.Write("iir", _iir);
        writer.Write("lcr", _lcr);
        writer.Write("mcr", _mcr);
        writer.Write("lsr", _lsr);
        writer.Write("msr", _msr);
        writer.Write("scr", _scr);
        writer.Write("fcr", _fcr);
        writer.Write("divisor", _divisor);
        writer.Write("thrPending", _thrInterruptPending);
        writer.Write("timeoutPending", _timeoutPending);
        byte[] fifo = new byte[_fifoCount];
        for (int i = 0; i < _fifoCount; i++)
        {
            fifo[i] = _fifo[(_fifoHead + i) % FifoSize];
        }

        writer.Write("rxFifo", fifo);
        writer.Write("timeoutIn", _timeoutTimer.IsScheduled ? Math.Max(0, _timeoutTimer.Deadline - _scheduler.Now) : -1);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        byte[] fifo = section.GetBytes("rxFifo", FifoSize);
        byte ier = section.GetByte("ier");
        byte mcr = section.GetByte("mcr");
        byte fcr = section.GetByte("fcr");
        if ((ier & 0xF0) != 0 || (mcr & 0xE0) != 0 || (fcr & 0x36) != 0)
        {
            throw new StateFormatException($"section {section.Name}: ier, mcr or fcr has bits the UART cannot hold");
        }

        long timeoutIn = section.GetInt64("timeoutIn", -1, long.MaxValue / 2);
        _rbr = section.GetByte("rbr");
        _ier = ier;
        _iir = section.GetByte("iir");
        _lcr = section.GetByte("lcr");
        _mcr = mcr;
        _lsr = section.GetByte("lsr");
        _msr = section.GetByte("msr");
        _scr = section.GetByte("scr");
        WriteFifoControlRegister(fcr);
        _divisor = section.GetUInt16("divisor");
        _thrInterruptPending = section.GetBool("thrPending");
        _timeoutPending = section.GetBool("timeoutPending");
        _fifoHead = 0;
        _fifoCount = fifo.Length;
        fifo.CopyTo(_fifo, 0);
        UpdateCharacterTime();
        if (timeoutIn >= 0)
        {
            _scheduler.ScheduleIn(_timeoutTimer, timeoutIn);
        }
        else
        {
            _scheduler.Cancel(_timeoutTimer);
        }

        UpdateIrq();
    }

    private byte ReadReceiveBuffer()
    {
        byte value;
        if ((_fcr & FcrEnable) != 0)
        {
            value = 0;
            if (_fifoCount > 0)
            {
                value = _fifo[_fifoHead];
                _fifoHead = (_fifoHead + 1) % FifoSize;
                _fifoCount--;
            }

            if (_fifoCount == 0)
            {
                _lsr &= unchecked((byte)~(LsrDataReady | LsrBreak));
            }
            else
            {
                _scheduler.ScheduleIn(_timeoutTimer, CharacterTime * 4);
            }

            _timeoutPending = false;
        }
        else
        {
            value = _rbr;
            _lsr &= unchecked((byte)~(LsrDataReady | LsrBreak));
        }

        UpdateIrq();
        PollInput();
        return value;
    }

    private byte ReadModemStatus()
    {
        if ((_mcr & McrLoopback) != 0)
        {
            // Loopback: CTS = RTS, DSR = DTR, RI = OUT1, DCD = OUT2 (data sheet, MCR bit 4).
            return (byte)(((_mcr & 0x0C) << 4) | ((_mcr & 0x02) << 3) | ((_mcr & 0x01) << 5));
        }

        byte msr = _msr;
        if ((_msr & MsrDeltas) != 0)
        {
            _msr &= 0xF0;
            UpdateIrq();
        }

        return msr;
    }

    private void Transmit(byte value)
    {
        _thrInterruptPending = false;
        _lsr &= unchecked((byte)~(LsrThrEmpty | LsrTransmitterEmpty));
        UpdateIrq();

        // The shift register takes the byte at once and the line is idle again (QEMU serial_xmit).
        _lsr |= LsrThrEmpty;
        _thrInterruptPending = true;
        if ((_mcr & McrLoopback) != 0)
        {
            Receive(value);
        }
        else
        {
            _backend.Write(new ReadOnlySpan<byte>(in value));
        }

        _lsr |= LsrTransmitterEmpty;
        UpdateIrq();
    }

    private void Receive(byte value)
    {
        if ((_fcr & FcrEnable) != 0)
        {
            if (_fifoCount < FifoSize)
            {
                _fifo[(_fifoHead + _fifoCount) % FifoSize] = value;
                _fifoCount++;
            }
            else
            {
                _lsr |= LsrOverrun; // a full FIFO keeps its contents
            }

            _lsr |= LsrDataReady;
            _scheduler.ScheduleIn(_timeoutTimer, CharacterTime * 4);
        }
        else
        {
            if ((_lsr & LsrDataReady) != 0)
            {
                _lsr |= LsrOverrun;
            }

            _rbr = value;
            _lsr |= LsrDataReady;
        }

        UpdateIrq();
    }

    private void WriteInterruptEnable(byte value)
    {
        byte changed = (byte)((_ier ^ value) & 0x0F);
        _ier = (byte)(value & 0x0F);
        if ((changed & IerThrEmpty) != 0)
        {
            // Enabling THRI with THR empty interrupts at once (QEMU; Windows relies on it).
            _thrInterruptPending = (_ier & IerThrEmpty) != 0 && (_lsr & LsrThrEmpty) != 0;
        }

        if (changed != 0)
        {
            UpdateIrq();
        }
    }

    private void WriteFifoControl(byte value)
    {
        // Changing the enable bit flushes both FIFOs (data sheet, FCR bit 0).
        if (((value ^ _fcr) & FcrEnable) != 0)
        {
            value |= FcrClearReceive | FcrClearTransmit;
        }

        if ((value & FcrClearReceive) != 0)
        {
            _lsr &= unchecked((byte)~(LsrDataReady | LsrBreak));
            _scheduler.Cancel(_timeoutTimer);
            _timeoutPending = false;
            _fifoHead = 0;
            _fifoCount = 0;
        }

        if ((value & FcrClearTransmit) != 0)
        {
            _lsr |= LsrThrEmpty;
            _thrInterruptPending = true;
        }

        WriteFifoControlRegister((byte)(value & 0xC9));
        UpdateIrq();
        PollInput();
    }

    private void WriteFifoControlRegister(byte value)
    {
        _fcr = value;
        if ((value & FcrEnable) != 0)
        {
            _iir |= IirFifoEnabled;
            _triggerLevel = (value & 0xC0) switch
            {
                0x00 => 1,
                0x40 => 4,
                0x80 => 8,
                _ => 14,
            };
        }
        else
        {
            _iir &= unchecked((byte)~IirFifoEnabled);
            _triggerLevel = 1;
        }
    }

    private void OnCharacterTimeout(long due)
    {
        if (_fifoCount > 0)
        {
            _timeoutPending = true;
            UpdateIrq();
        }
    }

    private void UpdateIrq()
    {
        // Interrupt identification in priority order (data sheet, table IV).
        byte id = IirNoInterrupt;
        if ((_ier & IerLineStatus) != 0 && (_lsr & LsrErrors) != 0)
        {
            id = IirLineStatus;
        }
        else if ((_ier & IerReceivedData) != 0 && _timeoutPending)
        {
            id = IirCharacterTimeout;
        }
        else if ((_ier & IerReceivedData) != 0 && (_lsr & LsrDataReady) != 0 && ((_fcr & FcrEnable) == 0 || _fifoCount >= _triggerLevel))
        {
            id = IirReceivedData;
        }
        else if ((_ier & IerThrEmpty) != 0 && _thrInterruptPending)
        {
            id = IirThrEmpty;
        }
        else if ((_ier & IerModemStatus) != 0 && (_msr & MsrDeltas) != 0)
        {
            id = IirModemStatus;
        }

        _iir = (byte)(id | (_iir & 0xF0));
        bool level = id != IirNoInterrupt;
        if (_irq.Level != level)
        {
            _irq.Set(level);
        }
    }

    private void UpdateCharacterTime()
    {
        if (_divisor == 0)
        {
            return; // a zero divisor stops the baud generator; keep the last rate (QEMU)
        }

        int frame = 1 + (_lcr & 0x03) + 5 + ((_lcr & 0x08) != 0 ? 1 : 0) + ((_lcr & 0x04) != 0 ? 2 : 1);
        CharacterTime = VirtualClock.TicksPerSecond * _divisor * frame / BaudBase;
    }
}
