using Emu.Devices.Dma;

namespace Emu.Devices.Storage.Floppy;

/// <summary>The data commands: READ, WRITE, VERIFY, the scans and READ TRACK, by DMA or through the FIFO (QEMU <c>fdctrl_start_transfer</c>, <c>fdctrl_transfer_handler</c>).</summary>
public sealed partial class Fdc82078
{
    /// <summary>
    /// Seeks the drive to the command's C/H/R: an unknown track (or no medium) ends the command
    /// with ST0 40h, a sector past the track with ST0 40h ST1 80h (end of cylinder); the result
    /// reports the requested C/H/R. A real step sets ST0's seek-end bit.
    /// </summary>
    private bool SeekForTransfer(FdcDrive drive, byte head, byte track, byte sector)
    {
        switch (drive.Seek(head, track, sector))
        {
            case SeekResult.BadTrack:
                StopTransfer(St0AbnormalEnd, 0, 0);
                break;
            case SeekResult.BadSector:
                StopTransfer(St0AbnormalEnd, St1EndOfCylinder, 0);
                break;
            case SeekResult.Stepped:
                _status0 |= St0SeekEnd;
                return true;
            default:
                return true;
        }

        _fifo[3] = track;
        _fifo[4] = head;
        _fifo[5] = sector;
        return false;
    }

    private void StartTransfer(FdcDirection direction)
    {
        SelectDrive();
        FdcDrive drive = CurrentDrive;
        byte track = _fifo[2];
        byte head = _fifo[3];
        byte sector = _fifo[4];
        if (!SeekForTransfer(drive, head, track, sector))
        {
            return;
        }

        // The programmed data rate must be the medium's, or no sector ID is ever found.
        if ((_dsr & DsrRateMask) != drive.MediaRate)
        {
            StopTransfer(St0AbnormalEnd, St1MissingAddressMark, 0);
            _fifo[3] = track;
            _fifo[4] = head;
            _fifo[5] = sector;
            return;
        }

        _dataDir = direction;
        _dataPos = 0;
        bool multiTrack = (_fifo[0] & 0x80) != 0;
        _dataState = multiTrack ? (byte)(_dataState | StateMultiTrack) : (byte)(_dataState & ~StateMultiTrack);

        // N = 0 means DTL bytes per sector; otherwise 128 << N for EOT - R + 1 sectors (and the other side with MT).
        if (_fifo[5] == 0)
        {
            _dataLen = _fifo[8];
        }
        else
        {
            int sectors = _fifo[6] - sector + 1;
            if (multiTrack)
            {
                sectors += _fifo[6];
            }

            _dataLen = (128 << Math.Min((int)_fifo[5], 7)) * sectors;
        }

        _eot = _fifo[6];
        if ((_dor & DorDmaEnable) != 0 && _dma is not null)
        {
            // No register access until the DMA transfer ends.
            _msr &= unchecked((byte)~MsrRequest);
            if (direction == FdcDirection.Verify)
            {
                TransferByDma(_dataLen);
            }
            else
            {
                _dma.HoldRequest(DmaChannel);
            }

            return;
        }

        _msr |= MsrNonDma | MsrRequest;
        if (direction != FdcDirection.Write)
        {
            _msr |= MsrDataIn;
        }

        RaiseIrq();
    }

    /// <summary>Ends a data command: ST0 (with the unit and head), ST1, ST2 and the drive's C/H/R/N as the result, and the interrupt.</summary>
    private void StopTransfer(byte status0, byte status1, byte status2)
    {
        FdcDrive drive = CurrentDrive;
        _status0 = (byte)((_status0 & ~(St0DriveMask | St0Head)) | _currentDrive | (drive.Head != 0 ? St0Head : 0) | status0);
        _fifo[0] = _status0;
        _fifo[1] = status1;
        _fifo[2] = status2;
        _fifo[3] = drive.Track;
        _fifo[4] = drive.Head;
        _fifo[5] = drive.Sector;
        _fifo[6] = SectorSizeCode;
        _dataDir = FdcDirection.Read;
        if (_dma is not null && (_msr & MsrNonDma) == 0)
        {
            _dma.ReleaseRequest(DmaChannel);
        }

        _msr |= MsrRequest | MsrDataIn;
        _msr &= unchecked((byte)~MsrNonDma);
        ToResultPhase(7);
        RaiseIrq();
    }

    /// <summary>
    /// Steps to the next sector (QEMU <c>fdctrl_seek_to_next_sect</c>): past EOT or the track's last
    /// sector, to sector 1 of the other head with MT, else of the next track; false when the command ends.
    /// </summary>
    private bool SeekToNextSector(FdcDrive drive)
    {
        byte head = drive.Head;
        byte track = drive.Track;
        byte sector = drive.Sector;
        bool more = true;
        if (sector >= drive.LastSector || sector == _eot)
        {
            sector = 1;
            if ((_dataState & StateMultiTrack) != 0)
            {
                if (head == 0 && drive.DoubleSided)
                {
                    head = 1;
                }
                else
                {
                    head = 0;
                    track++;
                    _status0 |= St0SeekEnd;
                    more = drive.DoubleSided;
                }
            }
            else
            {
                _status0 |= St0SeekEnd;
                track++;
                more = false;
            }
        }
        else
        {
            sector++;
        }

        drive.Seek(head, track, sector);
        return more;
    }

    /// <summary>The DMA side of a data command (QEMU <c>fdctrl_transfer_handler</c>); returns the bytes moved.</summary>
    private int TransferByDma(int dmaLength)
    {
        if ((_msr & MsrRequest) != 0)
        {
            return 0;
        }

        FdcDrive drive = CurrentDrive;
        byte status2 = _dataDir is FdcDirection.ScanEqual or FdcDirection.ScanLow or FdcDirection.ScanHigh ? St2ScanNotSatisfied : (byte)0;
        dmaLength = Math.Min(dmaLength, _dataLen);
        if (!drive.Present)
        {
            StopTransfer(_dataDir == FdcDirection.Write ? (byte)(St0AbnormalEnd | St0SeekEnd) : St0AbnormalEnd, 0, 0);
            return 0;
        }

        int start = _dataPos;
        int offset = _dataPos % SectorLength;
        while (_dataPos < dmaLength)
        {
            int length = Math.Min(dmaLength - _dataPos, SectorLength - offset);
            if (_dataDir != FdcDirection.Write || length < SectorLength || offset != 0)
            {
                drive.ReadSector(_fifo);
            }

            switch (_dataDir)
            {
                case FdcDirection.Read:
                    _dma!.WriteMemory(DmaChannel, _fifo.AsSpan(offset, length), _dataPos);
                    break;
                case FdcDirection.Write:
                    // A write-protected medium fails before any byte moves (QEMU, as a real drive).
                    if (drive.ReadOnly)
                    {
                        StopTransfer(St0AbnormalEnd | St0SeekEnd, St1NotWritable, 0);
                        return 0;
                    }

                    _dma!.ReadMemory(DmaChannel, _fifo.AsSpan(offset, length), _dataPos);
                    if (!drive.WriteSector(_fifo))
                    {
                        StopTransfer(St0AbnormalEnd | St0SeekEnd, 0, 0);
                        return 0;
                    }

                    break;
                case FdcDirection.Verify:
                    break;
                default:
                    Span<byte> memory = _scanBuffer.AsSpan(0, length);
                    _dma!.ReadMemory(DmaChannel, memory, _dataPos);
                    int compared = memory.SequenceCompareTo(_fifo.AsSpan(offset, length));
                    if (compared == 0 || (compared < 0 && _dataDir == FdcDirection.ScanLow) || (compared > 0 && _dataDir == FdcDirection.ScanHigh))
                    {
                        return EndDma(start, compared == 0 ? St2ScanEqualHit : (byte)0);
                    }

                    break;
            }

            _dataPos += length;
            offset = _dataPos % SectorLength;
            if (offset == 0 && !SeekToNextSector(drive))
            {
                break;
            }
        }

        return EndDma(start, status2);
    }

    private int EndDma(int start, byte status2)
    {
        int length = _dataPos - start;
        if (_dataDir is FdcDirection.ScanEqual or FdcDirection.ScanLow or FdcDirection.ScanHigh)
        {
            status2 = St2ScanEqualHit;
        }

        _dataLen -= length;
        StopTransfer(0, 0, status2);
        return length;
    }

    /// <summary>The controller as the DMA channel's device: a pending request moves the command's data.</summary>
    private sealed class DmaPort : IIsaDmaClient
    {
        private readonly Fdc82078 _fdc;

        public DmaPort(Fdc82078 fdc)
        {
            _fdc = fdc;
        }

        public int Transfer(int channel, int position, int length) => _fdc.TransferByDma(length);
    }
}
