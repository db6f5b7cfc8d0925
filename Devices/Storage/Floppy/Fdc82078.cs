using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;
using Emu.Core.Timing;
using Emu.Devices.Dma;

namespace Emu.Devices.Storage.Floppy;

/// <summary>
/// The Intel 82078-compatible floppy disk controller of QEMU's <c>isa-fdc</c> (hw/block/fdc.c,
/// fdc-isa.c): ports 3F1h-3F5h and 3F7h (SRB, DOR, TDR, MSR/DSR, FIFO, DIR/CCR; 3F0h and 3F6h are
/// not decoded, 3F6h belongs to the IDE channel), IRQ 6, ISA DMA channel 2, two drives.
/// Commands follow QEMU's table (<see cref="FdcCommand"/>) including its answers to bad requests:
/// an unknown opcode gives ST0 80h, a sector past the track or a track past the medium ends with
/// ST0 40h (ST1 80h for a sector), a write to a write-protected medium with ST1 02h. Data moves by
/// DMA or, with SPECIFY's ND bit, through the FIFO. The motor and step timing is not modelled: a
/// seek completes at once; READ ID answers after 20 ms of virtual time as in QEMU. FORMAT TRACK
/// fills no sectors (QEMU neither); deleted-data and scan commands answer as QEMU's do.
/// </summary>
public sealed partial class Fdc82078 : IPortDevice, IStatefulDevice
{
    public const ushort BasePort = 0x3F0;
    public const int Irq = 6;
    public const int DmaChannel = 2;

    private const int SectorLength = 512;
    private const byte SectorSizeCode = 2;
    private const int ResetSenseCount = 4;

    private const int RegSrb = 1;
    private const int RegDor = 2;
    private const int RegTdr = 3;
    private const int RegMsr = 4;
    private const int RegFifo = 5;
    private const int RegDir = 7;

    // Digital output register (82078 datasheet 2.1.2).
    private const byte DorSelectMask = 0x01;
    private const byte DorNotReset = 0x04;
    private const byte DorDmaEnable = 0x08;
    private const byte DorMotor0 = 0x10;
    private const byte DorMotor1 = 0x20;

    private const byte TdrBootSelect = 0x04;

    // Data rate select register (2.1.4).
    private const byte DsrRateMask = 0x03;
    private const byte DsrPowerDown = 0x40;
    private const byte DsrSoftwareReset = 0x80;

    // Main status register (2.1.3).
    private const byte MsrCommandBusy = 0x10;
    private const byte MsrNonDma = 0x20;
    private const byte MsrDataIn = 0x40;
    private const byte MsrRequest = 0x80;

    private const byte SraNotDrive2 = 0x40;
    private const byte SraInterruptPending = 0x80;
    private const byte SrbMotor0 = 0x01;
    private const byte SrbMotor1 = 0x02;
    private const byte SrbDrive0 = 0x20;

    private const byte DirDiskChange = 0x80;

    // Status register 0/1/2 bits (datasheet 8.2 "Status register encoding").
    private const byte St0Head = 0x04;
    private const byte St0DriveMask = 0x03;
    private const byte St0SeekEnd = 0x20;
    private const byte St0AbnormalEnd = 0x40;
    private const byte St0InvalidCommand = 0x80;
    private const byte St0ReadyChange = 0xC0;
    private const byte St1MissingAddressMark = 0x01;
    private const byte St1NotWritable = 0x02;
    private const byte St1EndOfCylinder = 0x80;
    private const byte St2ScanNotSatisfied = 0x04;
    private const byte St2ScanEqualHit = 0x08;

    private const byte ConfigImpliedSeek = 0x40;
    private const byte ConfigFifoDisable = 0x20;

    private const byte StateMultiTrack = 0x01;
    private const byte StateFormat = 0x02;

    /// <summary>The 82078's VERSION answer (QEMU <c>fdctrl->version</c>).</summary>
    private const byte Version82078 = 0x90;

    /// <summary>READ ID answers after one fiftieth of a second (QEMU <c>fdctrl_handle_readid</c>).</summary>
    private const long ReadIdNanoseconds = VirtualClock.TicksPerSecond / 50;

    private readonly IrqLine _irq;
    private readonly IsaDma? _dma;
    private readonly EventScheduler _scheduler;
    private readonly TimerEvent _resultTimer;
    private readonly FdcDrive[] _drives;
    private readonly byte[] _fifo = new byte[SectorLength];
    private readonly byte[] _scanBuffer = new byte[SectorLength];

    private byte _sra;
    private byte _srb;
    private byte _dor;
    private byte _tdr;
    private byte _dsr;
    private byte _msr;
    private byte _currentDrive;
    private byte _status0;
    private int _dataPos;
    private int _dataLen;
    private byte _dataState;
    private FdcDirection _dataDir;
    private byte _eot;
    private byte _timer0;
    private byte _timer1;
    private byte _precompTrack;
    private byte _config;
    private byte _lock;
    private byte _powerdown;
    private int _resetSense;
    private FdcPhase _phase;

    /// <param name="drive0">Drive A:'s medium slot (null: an empty drive when <paramref name="emptyDriveA"/>, else none).</param>
    /// <param name="drive1">Drive B:'s medium slot (null: no drive B:).</param>
    /// <param name="dma">The ISA DMA controllers, or null for a controller without DMA (every transfer through the FIFO).</param>
    /// <param name="emptyDriveA">QEMU's default empty drive A: exists (no <c>-nodefaults</c>).</param>
    public Fdc82078(IrqLine irq, IsaDma? dma, EventScheduler scheduler, BlockDrive? drive0, BlockDrive? drive1, bool emptyDriveA = false)
    {
        _irq = irq;
        _dma = dma;
        _scheduler = scheduler;
        _resultTimer = new TimerEvent("fdc-result", _ => ReadIdDone());
        _drives = [new FdcDrive(drive0, emptyDriveA), new FdcDrive(drive1, present: false)];
        foreach (FdcDrive drive in _drives)
        {
            if (drive.Drive?.DeviceOps is FloppyMediaOps ops)
            {
                ops.Changed = drive.MediumChanged;
            }
        }

        _dma?.Register(DmaChannel, new DmaPort(this));
        _config = ConfigImpliedSeek | ConfigFifoDisable;
        Reset(raiseIrq: false);
    }

    public string StateName => "fdc";

    /// <summary>The drive at unit 0 or 1.</summary>
    public FdcDrive Drive(int unit) => _drives[unit];

    public FdcPhase Phase => _phase;

    public byte DigitalOutput => (byte)(_dor | _currentDrive);

    public byte MainStatus => _msr;

    public void Attach(IoBus bus)
    {
        bus.Claim(BasePort + 1, 5, this, "fdc");
        bus.Claim(BasePort + 7, 1, this, "fdc");
    }

    /// <summary>Machine reset (QEMU <c>fdctrl_external_reset_isa</c>): a controller reset without the ready-change interrupt.</summary>
    public void Reset() => Reset(raiseIrq: false);

    public byte ReadByte(ushort port) => (port & 7) switch
    {
        RegSrb => _srb,
        RegDor => DigitalOutput,
        RegTdr => _tdr,
        RegMsr => ReadMainStatus(),
        RegFifo => ReadData(),
        RegDir => ReadDigitalInput(),
        _ => 0xFF,
    };

    public void WriteByte(ushort port, byte value)
    {
        switch (port & 7)
        {
            case RegDor:
                WriteDigitalOutput(value);
                break;
            case RegTdr:
                if ((_dor & DorNotReset) != 0)
                {
                    _tdr = (byte)(value & TdrBootSelect);
                }

                break;
            case RegMsr:
                WriteDataRate(value);
                break;
            case RegFifo:
                WriteData(value);
                break;
            case RegDir:
                // CCR: only the data rate bits matter in AT mode; they live in the DSR.
                if ((_dor & DorNotReset) != 0)
                {
                    _dsr = (byte)((_dsr & ~DsrRateMask) | (value & DsrRateMask));
                }

                break;
        }
    }

    private FdcDrive CurrentDrive => DriveAt(_currentDrive);

    /// <summary>A unit number through the TDR's boot-drive swap (QEMU <c>get_drv</c>).</summary>
    private FdcDrive DriveAt(int unit)
    {
        bool swapped = (_tdr & TdrBootSelect) != 0;
        return _drives[swapped ? unit ^ 1 : unit];
    }

    private void WriteDigitalOutput(byte value)
    {
        _srb = (byte)((_srb & ~(SrbMotor0 | SrbMotor1 | SrbDrive0))
            | ((value & DorMotor0) != 0 ? SrbMotor0 : 0)
            | ((value & DorMotor1) != 0 ? SrbMotor1 : 0)
            | ((value & 1) != 0 ? SrbDrive0 : 0));

        // Leaving the reset state (nRESET 0 -> 1) resets the controller and raises the interrupt.
        if ((value & DorNotReset) != 0 && (_dor & DorNotReset) == 0)
        {
            Reset(raiseIrq: true);
            _dsr &= unchecked((byte)~DsrPowerDown);
        }

        _currentDrive = (byte)(value & DorSelectMask);
        _dor = value;
    }

    private byte ReadMainStatus()
    {
        _dsr &= unchecked((byte)~DsrPowerDown);
        _dor |= DorNotReset;
        return _msr;
    }

    private void WriteDataRate(byte value)
    {
        if ((_dor & DorNotReset) == 0)
        {
            return;
        }

        // DSR bit 7 resets the controller and clears itself; bit 6 powers it down (a reset here).
        if ((value & DsrSoftwareReset) != 0)
        {
            _dor &= unchecked((byte)~DorNotReset);
            Reset(raiseIrq: true);
            _dor |= DorNotReset;
        }

        if ((value & DsrPowerDown) != 0)
        {
            Reset(raiseIrq: true);
        }

        _dsr = value;
    }

    private byte ReadDigitalInput() => CurrentDrive.MediaChanged ? DirDiskChange : (byte)0;

    /// <summary>QEMU <c>fdctrl_reset</c>: registers to their reset values, both heads to track 0, optionally the ready-change interrupt.</summary>
    private void Reset(bool raiseIrq)
    {
        LowerIrq();
        _sra = !_drives[1].Present ? SraNotDrive2 : (byte)0;
        _srb = 0xC0;
        _currentDrive = 0;
        _dor = (byte)(DorNotReset | (_dma is not null ? DorDmaEnable : 0));
        _msr = MsrRequest;
        _resetSense = 0;
        _scheduler.Cancel(_resultTimer);
        _dataPos = 0;
        _dataLen = 0;
        _dataState = 0;
        _dataDir = FdcDirection.Write;
        foreach (FdcDrive drive in _drives)
        {
            drive.Recalibrate();
        }

        ToCommandPhase();
        if (raiseIrq)
        {
            _status0 |= St0ReadyChange;
            RaiseIrq();
            _resetSense = ResetSenseCount;
        }
    }

    private void LowerIrq()
    {
        _status0 = 0;
        if ((_sra & SraInterruptPending) == 0)
        {
            return;
        }

        _irq.Lower();
        _sra &= unchecked((byte)~SraInterruptPending);
    }

    private void RaiseIrq()
    {
        if ((_sra & SraInterruptPending) == 0)
        {
            _irq.Raise();
            _sra |= SraInterruptPending;
        }

        _resetSense = 0;
    }

    private void ToCommandPhase()
    {
        _phase = FdcPhase.Command;
        _dataDir = FdcDirection.Write;
        _dataPos = 0;
        _dataLen = 1;
        _msr = (byte)((_msr & ~(MsrCommandBusy | MsrDataIn)) | MsrRequest);
    }

    private void ToResultPhase(int length)
    {
        _phase = FdcPhase.Result;
        _dataDir = FdcDirection.Read;
        _dataLen = length;
        _dataPos = 0;
        _msr |= MsrCommandBusy | MsrRequest | MsrDataIn;
    }

    private byte ReadData()
    {
        _dsr &= unchecked((byte)~DsrPowerDown);
        if ((_msr & MsrRequest) == 0 || (_msr & MsrDataIn) == 0)
        {
            return 0;
        }

        int pos = _dataPos % SectorLength;
        switch (_phase)
        {
            case FdcPhase.Execution:
                FdcDrive drive = CurrentDrive;
                if (pos == 0)
                {
                    if (_dataPos != 0 && !SeekToNextSector(drive))
                    {
                        return 0;
                    }

                    drive.ReadSector(_fifo);
                }

                if (++_dataPos == _dataLen)
                {
                    _msr &= unchecked((byte)~MsrRequest);
                    StopTransfer(0, 0, 0);
                }

                break;
            case FdcPhase.Result:
                if (++_dataPos == _dataLen)
                {
                    _msr &= unchecked((byte)~MsrRequest);
                    ToCommandPhase();
                    LowerIrq();
                }

                break;
            default:
                return 0;
        }

        return _fifo[pos];
    }

    private void WriteData(byte value)
    {
        if ((_dor & DorNotReset) == 0 || (_msr & MsrRequest) == 0 || (_msr & MsrDataIn) != 0)
        {
            return;
        }

        _dsr &= unchecked((byte)~DsrPowerDown);
        int pos = _dataPos++ % SectorLength;
        _fifo[pos] = value;
        if (_dataPos == _dataLen)
        {
            _msr &= unchecked((byte)~MsrRequest);
        }

        if (_phase == FdcPhase.Execution)
        {
            WriteFifoData(pos);
            return;
        }

        if (pos == 0)
        {
            FdcCommand command = FdcCommand.Rows[FdcCommand.ByOpcode[value]];
            _dataLen = command.Parameters + 1;
            if (command.Parameters != 0)
            {
                _msr |= MsrRequest;
            }

            _msr |= MsrCommandBusy;
        }

        if (_dataPos == _dataLen)
        {
            _phase = FdcPhase.Execution;
            if ((_dataState & StateFormat) != 0)
            {
                FormatSector();
                return;
            }

            FdcCommand command = FdcCommand.Rows[FdcCommand.ByOpcode[_fifo[0]]];
            Execute(command);
        }
    }

    /// <summary>A data byte of a non-DMA write: each full sector goes to the medium.</summary>
    private void WriteFifoData(int pos)
    {
        if (pos == SectorLength - 1 || _dataPos == _dataLen)
        {
            FdcDrive drive = CurrentDrive;
            if (!drive.WriteSector(_fifo) || !SeekToNextSector(drive))
            {
                return;
            }
        }

        if (_dataPos == _dataLen)
        {
            StopTransfer(0, 0, 0);
        }
    }
}
