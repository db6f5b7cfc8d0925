namespace Emu.Devices.Storage.Floppy;

/// <summary>The non-transfer commands (82078 datasheet section 8; QEMU <c>fdctrl_handle_*</c>).</summary>
public sealed partial class Fdc82078
{
    private void Execute(FdcCommand command)
    {
        switch (command.Operation)
        {
            case FdcOperation.Transfer:
                StartTransfer(command.Direction);
                break;
            case FdcOperation.DeletedData:
                // Deleted-data marks do not exist on an image: QEMU ends the command at once.
                StopTransfer(St0AbnormalEnd | St0SeekEnd, 0, 0);
                break;
            case FdcOperation.Seek:
                Seek();
                break;
            case FdcOperation.SenseInterrupt:
                SenseInterrupt();
                break;
            case FdcOperation.Recalibrate:
                Recalibrate();
                break;
            case FdcOperation.FormatTrack:
                FormatTrack();
                break;
            case FdcOperation.Restore:
                Restore();
                break;
            case FdcOperation.Save:
                SaveRegisters();
                break;
            case FdcOperation.ReadId:
                CurrentDrive.Head = (byte)((_fifo[1] >> 2) & 1);
                _scheduler.ScheduleIn(_resultTimer, ReadIdNanoseconds);
                break;
            case FdcOperation.Specify:
                Specify();
                break;
            case FdcOperation.SenseDriveStatus:
                SenseDriveStatus();
                break;
            case FdcOperation.PerpendicularMode:
                if ((_fifo[1] & 0x80) != 0)
                {
                    CurrentDrive.Perpendicular = (byte)(_fifo[1] & 0x07);
                }

                ToCommandPhase();
                break;
            case FdcOperation.Configure:
                _config = _fifo[2];
                _precompTrack = _fifo[3];
                ToCommandPhase();
                break;
            case FdcOperation.PowerdownMode:
                _powerdown = _fifo[1];
                _fifo[0] = _fifo[1];
                ToResultPhase(1);
                break;
            case FdcOperation.Option:
                ToCommandPhase();
                break;
            case FdcOperation.DriveSpecification:
                DriveSpecification();
                break;
            case FdcOperation.RelativeSeekOut:
                RelativeSeek(outward: true);
                break;
            case FdcOperation.RelativeSeekIn:
                RelativeSeek(outward: false);
                break;
            case FdcOperation.Lock:
                _lock = (byte)((_fifo[0] & 0x80) != 0 ? 1 : 0);
                _fifo[0] = (byte)(_lock << 4);
                ToResultPhase(1);
                break;
            case FdcOperation.DumpRegisters:
                DumpRegisters();
                break;
            case FdcOperation.Version:
                _fifo[0] = Version82078;
                ToResultPhase(1);
                break;
            case FdcOperation.PartId:
                _fifo[0] = 0x41; // 82078 stepping 1
                ToResultPhase(1);
                break;
            default:
                _fifo[0] = St0InvalidCommand;
                ToResultPhase(1);
                break;
        }
    }

    private void SelectDrive() => _currentDrive = (byte)(_fifo[1] & DorSelectMask);

    private void Seek()
    {
        SelectDrive();
        FdcDrive drive = CurrentDrive;
        ToCommandPhase();

        // SEEK only sends step pulses: it succeeds with or without a medium (QEMU fdctrl_handle_seek).
        drive.Seek(drive.Head, _fifo[2], drive.Sector);
        _status0 |= St0SeekEnd;
        RaiseIrq();
    }

    private void Recalibrate()
    {
        SelectDrive();
        CurrentDrive.Recalibrate();
        ToCommandPhase();
        _status0 |= St0SeekEnd;
        RaiseIrq();
    }

    private void RelativeSeek(bool outward)
    {
        SelectDrive();
        FdcDrive drive = CurrentDrive;
        int steps = _fifo[2];
        int target = outward
            ? (steps > drive.Track ? 0 : drive.Track - steps)
            : (steps + drive.Track >= drive.MaxTrack ? drive.MaxTrack - 1 : drive.Track + steps);
        drive.Seek(drive.Head, (byte)target, drive.Sector);
        ToCommandPhase();
        _status0 |= St0SeekEnd;
        RaiseIrq();
    }

    /// <summary>
    /// SENSE INTERRUPT STATUS: after a reset, four answers C0h-C3h (one per drive); otherwise ST0 and
    /// the present cylinder, or ST0 80h alone when no interrupt is pending.
    /// </summary>
    private void SenseInterrupt()
    {
        FdcDrive drive = CurrentDrive;
        if (_resetSense > 0)
        {
            _fifo[0] = (byte)(St0ReadyChange + ResetSenseCount - _resetSense);
            _resetSense--;
        }
        else if ((_sra & SraInterruptPending) == 0)
        {
            _fifo[0] = St0InvalidCommand;
            ToResultPhase(1);
            return;
        }
        else
        {
            _fifo[0] = (byte)((_status0 & ~(St0Head | St0DriveMask)) | _currentDrive);
        }

        _fifo[1] = drive.Track;
        ToResultPhase(2);
        LowerIrq();
        _status0 = St0ReadyChange;
    }

    private void Specify()
    {
        _timer0 = (byte)((_fifo[1] >> 4) & 0x0F);
        _timer1 = (byte)(_fifo[2] >> 1);
        _dor = (_fifo[2] & 1) != 0 ? (byte)(_dor & ~DorDmaEnable) : (byte)(_dor | DorDmaEnable);
        ToCommandPhase();
    }

    /// <summary>SENSE DRIVE STATUS: ST3 = write protect (40h), track 0 (10h), ready and two-sided (28h), head, unit.</summary>
    private void SenseDriveStatus()
    {
        SelectDrive();
        FdcDrive drive = CurrentDrive;
        drive.Head = (byte)((_fifo[1] >> 2) & 1);
        _fifo[0] = (byte)((drive.ReadOnly ? 0x40 : 0) | (drive.Track == 0 ? 0x10 : 0) | (drive.Head << 2) | _currentDrive | 0x28);
        ToResultPhase(1);
    }

    private void DumpRegisters()
    {
        FdcDrive drive = CurrentDrive;
        _fifo[0] = DriveAt(0).Track;
        _fifo[1] = DriveAt(1).Track;
        _fifo[2] = 0;
        _fifo[3] = 0;
        _fifo[4] = _timer0;
        _fifo[5] = (byte)((_timer1 << 1) | ((_dor & DorDmaEnable) != 0 ? 1 : 0));
        _fifo[6] = drive.LastSector;
        _fifo[7] = (byte)((_lock << 7) | (drive.Perpendicular << 2));
        _fifo[8] = _config;
        _fifo[9] = _precompTrack;
        ToResultPhase(10);
    }

    /// <summary>SAVE (opcode 2Eh): the registers RESTORE takes back.</summary>
    private void SaveRegisters()
    {
        FdcDrive drive = CurrentDrive;
        _fifo[0] = 0;
        _fifo[1] = 0;
        _fifo[2] = DriveAt(0).Track;
        _fifo[3] = DriveAt(1).Track;
        _fifo[4] = 0;
        _fifo[5] = 0;
        _fifo[6] = _timer0;
        _fifo[7] = _timer1;
        _fifo[8] = drive.LastSector;
        _fifo[9] = (byte)((_lock << 7) | (drive.Perpendicular << 2));
        _fifo[10] = _config;
        _fifo[11] = _precompTrack;
        _fifo[12] = _powerdown;
        _fifo[13] = 0;
        _fifo[14] = 0;
        ToResultPhase(15);
    }

    private void Restore()
    {
        FdcDrive drive = CurrentDrive;
        DriveAt(0).Track = _fifo[3];
        DriveAt(1).Track = _fifo[4];
        _timer0 = _fifo[7];
        _timer1 = _fifo[8];
        drive.LastSector = _fifo[9];
        _lock = (byte)(_fifo[10] >> 7);
        drive.Perpendicular = (byte)((_fifo[10] >> 2) & 0x0F);
        _config = _fifo[11];
        _precompTrack = _fifo[12];
        _powerdown = _fifo[13];
        ToCommandPhase();
    }

    private void DriveSpecification()
    {
        int pos = (_dataPos - 1) % SectorLength;
        if ((_fifo[pos] & 0x80) != 0)
        {
            if ((_fifo[pos] & 0x40) != 0)
            {
                _fifo[0] = _fifo[1];
                _fifo[2] = 0;
                _fifo[3] = 0;
                ToResultPhase(4);
            }
            else
            {
                ToCommandPhase();
            }
        }
        else if (_dataLen > 7)
        {
            _fifo[0] = (byte)(0x80 | (CurrentDrive.Head << 2) | _currentDrive);
            ToResultPhase(1);
        }
    }

    /// <summary>
    /// FORMAT TRACK: QEMU takes the sector count as the track's new length and ends at once, without
    /// reading the ID fields by DMA or filling sectors.
    /// </summary>
    private void FormatTrack()
    {
        SelectDrive();
        FdcDrive drive = CurrentDrive;
        _dataState |= StateFormat;
        _dataState = (_fifo[0] & 0x80) != 0 ? (byte)(_dataState | StateMultiTrack) : (byte)(_dataState & ~StateMultiTrack);
        drive.LastSector = _fifo[3];
        _dataState &= unchecked((byte)~StateFormat);
        StopTransfer(0, 0, 0);
    }

    /// <summary>The four ID bytes of one sector while formatting (unreachable with QEMU's FORMAT TRACK, kept as its state machine has it).</summary>
    private void FormatSector()
    {
        SelectDrive();
        FdcDrive drive = CurrentDrive;
        byte track = _fifo[6];
        byte head = _fifo[7];
        byte sector = _fifo[8];
        if (!SeekForTransfer(drive, head, track, sector))
        {
            return;
        }

        Array.Clear(_fifo);
        if (!drive.HasMedium || !drive.WriteSector(_fifo))
        {
            StopTransfer(St0AbnormalEnd | St0SeekEnd, 0, 0);
        }
        else if (drive.Sector == drive.LastSector)
        {
            _dataState &= unchecked((byte)~StateFormat);
            StopTransfer(0, 0, 0);
        }
        else
        {
            _dataPos = 0;
            _dataLen = 4;
        }
    }

    /// <summary>READ ID's answer once the index hole passed: the next sector's ID, or a missing address mark at the wrong data rate.</summary>
    private void ReadIdDone()
    {
        FdcDrive drive = CurrentDrive;
        if (drive.LastSector != 0)
        {
            drive.Sector = (byte)((drive.Sector % drive.LastSector) + 1);
        }

        if ((_dsr & DsrRateMask) != drive.MediaRate)
        {
            StopTransfer(St0AbnormalEnd, St1MissingAddressMark, 0);
        }
        else
        {
            StopTransfer(0, 0, 0);
        }
    }
}
