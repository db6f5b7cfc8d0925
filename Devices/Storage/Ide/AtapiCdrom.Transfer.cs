using Emu.Core.State;
using Emu.Devices.Block;

namespace Emu.Devices.Storage.Ide;

/// <summary>The ATAPI data-in phase (sector reads and replies), command completion and the saved state.</summary>
public sealed partial class AtapiCdrom
{
    /// <summary>READ(10)/READ(12): a zero count succeeds with no data; the whole range must lie on the medium (MMC-5 6.16).</summary>
    private void Read(uint lba, uint count, int sectorSize)
    {
        if (count == 0)
        {
            CommandOk();
            return;
        }

        long blocks = Sectors512 >> 2;
        if (lba >= blocks || count > blocks - lba)
        {
            CommandError(AtapiSense.IllegalRequest, AtapiSense.LogicalBlockOutOfRange);
            return;
        }

        _lba = lba;
        _packetTransferSize = (long)count * sectorSize;
        _elementaryTransferSize = 0;
        _bufferIndex = sectorSize;
        _cdSectorSize = sectorSize;
        ReplyEnd();
    }

    /// <summary>READ CD (MMC-5 6.19) of a data disc: user data (10h) or the whole raw sector (F8h); no fields (00h) moves nothing.</summary>
    private void ReadCd(ReadOnlySpan<byte> cdb)
    {
        uint count = (uint)((cdb[6] << 16) | (cdb[7] << 8) | cdb[8]);
        uint lba = ReadUInt32(cdb[2..]);
        long blocks = Sectors512 >> 2;
        if (count == 0)
        {
            CommandOk();
            return;
        }

        if (lba >= blocks || count > blocks - lba)
        {
            CommandError(AtapiSense.IllegalRequest, AtapiSense.LogicalBlockOutOfRange);
            return;
        }

        int fields = cdb[9] & 0xF8;
        if (fields == 0)
        {
            CommandOk();
            return;
        }

        if (!ValidateByteCountLimit())
        {
            return;
        }

        switch (fields)
        {
            case 0x10:
                Read(lba, count, BlockSize);
                break;
            case 0xF8:
                Read(lba, count, RawSectorSize);
                break;
            default:
                CommandError(AtapiSense.IllegalRequest, AtapiSense.InvalidFieldInCdb);
                break;
        }
    }

    /// <summary>A reply builder's result: a length to send, or a negative ASC for ILLEGAL REQUEST.</summary>
    private void Answer(int length, int allocation)
    {
        if (length < 0)
        {
            CommandError(AtapiSense.IllegalRequest, (byte)-length);
            return;
        }

        Reply(length, allocation);
    }

    /// <summary>QEMU ide_atapi_cmd_reply: send the first <paramref name="size"/> bytes of the buffer, cut to the allocation length.</summary>
    private void Reply(int size, int allocation)
    {
        _lba = -1;
        _packetTransferSize = Math.Min(size, allocation);
        _elementaryTransferSize = 0;
        _bufferIndex = 0;
        Status = StatusReady | StatusSeek;
        ReplyEnd();
    }

    /// <summary>
    /// QEMU ide_atapi_cmd_reply_end: starts the next piece of the data-in phase. A new DRQ block
    /// gets Interrupt Reason IO, its byte count (at most the limit, even when cut) in Cylinder
    /// Low/High and an interrupt; a sector read never moves more than the rest of the current
    /// sector at once. With nothing left the command completes.
    /// </summary>
    private void ReplyEnd()
    {
        if (_packetTransferSize <= 0)
        {
            CommandOk();
            return;
        }

        if (_atapiDma)
        {
            RequestDma(); // QEMU ide_atapi_cmd_reply / ide_atapi_cmd_read_dma: status 58h until the engine runs
            return;
        }

        if (_lba != -1 && _bufferIndex >= _cdSectorSize && !ReadSector())
        {
            return;
        }

        int size;
        if (_elementaryTransferSize > 0)
        {
            size = Math.Min(_cdSectorSize - _bufferIndex, _elementaryTransferSize);
        }
        else
        {
            SectorCount = (SectorCount & ~0x07) | ReasonIn;
            RaiseIrq();
            int limit = ByteCountLimit;
            size = (int)Math.Min(_packetTransferSize, int.MaxValue);
            if (size > limit)
            {
                size = limit & ~1; // the limit must be even when the block is cut to it
            }

            CylinderLow = (byte)size;
            CylinderHigh = (byte)(size >> 8);
            _elementaryTransferSize = size;
            if (_lba != -1)
            {
                size = Math.Min(size, _cdSectorSize - _bufferIndex);
            }
        }

        _packetTransferSize -= size;
        _elementaryTransferSize -= size;
        _bufferIndex += size;
        StartTransfer(_bufferIndex - size, size, IdeTransferEnd.AtapiReply);
    }

    /// <summary>Reads block <see cref="_lba"/> into the buffer (raw sectors get their frame); a vanished medium is reported, not thrown.</summary>
    private bool ReadSector() => ReadSector(account: true);

    /// <summary>
    /// Reads block <see cref="_lba"/>; <paramref name="account"/> counts it as one read of 2048
    /// bytes, as QEMU's cd_read_sector does for PIO (raw sectors too, their frame being made up).
    /// </summary>
    private bool ReadSector(bool account)
    {
        IBlockBackend? medium = _drive.Medium;
        if (medium is null || _tray.IsTrayOpen)
        {
            CommandError(AtapiSense.NotReady, AtapiSense.MediumNotPresent);
            return false;
        }

        if (_lba < 0 || _lba >= medium.Length / BlockSize)
        {
            CommandError(AtapiSense.IllegalRequest, AtapiSense.LogicalBlockOutOfRange);
            return false;
        }

        long started = BlockAccounting.Start();
        try
        {
            if (_cdSectorSize == RawSectorSize)
            {
                medium.Read(_lba * BlockSize, Buffer.AsSpan(16, BlockSize));
                AtapiReplies.RawSectorFrame(Buffer.AsSpan(0, RawSectorSize), _lba);
            }
            else
            {
                medium.Read(_lba * BlockSize, Buffer.AsSpan(0, BlockSize));
            }

            if (account)
            {
                _drive.Stats.Done(BlockIoKind.Read, BlockSize, started);
            }
        }
        catch (BlockException)
        {
            _drive.Stats.Failed(BlockIoKind.Read, started);
            CommandError(AtapiSense.IllegalRequest, AtapiSense.LogicalBlockOutOfRange);
            return false;
        }

        _lba++;
        _bufferIndex = 0;
        return true;
    }

    /// <summary>
    /// The DMA data-in phase in one pass (QEMU <c>ide_atapi_cmd_read_dma_cb</c>): a PRD table
    /// shorter than the data moves nothing and ends at 50h without an interrupt, as for ATA;
    /// otherwise the reply, or each sector read in turn, goes to memory and the command completes.
    /// </summary>
    protected override void TransferDma(BusMasterChannel engine)
    {
        const int DmaChunkSectors = 64;
        _atapiDma = false;
        long bytes = _packetTransferSize;
        long described = engine.PrepareTable(bytes);
        if (described < bytes)
        {
            Status = StatusReady | StatusSeek;
            engine.Finish(stayActive: false);
            return;
        }

        if (_lba == -1)
        {
            engine.Move(Buffer.AsSpan(_bufferIndex, (int)bytes), toMemory: true);
        }
        else
        {
            // QEMU ide_atapi_cmd_read_dma_cb reads, and accounts, up to 64 sectors at a time (one when raw).
            int chunkLeft = 0;
            while (_packetTransferSize > 0)
            {
                if (chunkLeft == 0)
                {
                    chunkLeft = _cdSectorSize == RawSectorSize ? 1 : (int)Math.Min(DmaChunkSectors, Math.Max(1, _packetTransferSize / BlockSize));
                    _drive.Stats.Done(BlockIoKind.Read, (long)chunkLeft * BlockSize, BlockAccounting.Start());
                }

                chunkLeft--;
                if (!ReadSector(account: false))
                {
                    engine.Finish(stayActive: false);
                    return;
                }

                int n = (int)Math.Min(_cdSectorSize, _packetTransferSize);
                engine.Move(Buffer.AsSpan(0, n), toMemory: true);
                _packetTransferSize -= n;
            }
        }

        _packetTransferSize = 0;
        CommandOk();
        engine.Finish(stayActive: false);
    }

    /// <summary>QEMU ide_atapi_cmd_ok: status 50h, Interrupt Reason IO|CoD, interrupt.</summary>
    private void CommandOk()
    {
        Error = 0;
        Status = StatusReady | StatusSeek;
        SectorCount = (SectorCount & ~0x07) | ReasonIn | ReasonCommand;
        RaiseIrq();
    }

    /// <summary>QEMU ide_atapi_cmd_error: CHECK CONDITION with the sense kept for REQUEST SENSE (B.1).</summary>
    private void CommandError(byte senseKey, byte asc)
    {
        Error = (byte)(senseKey << 4);
        Status = StatusReady | StatusError;
        SectorCount = (SectorCount & ~0x07) | ReasonIn | ReasonCommand;
        _senseKey = senseKey;
        _asc = asc;
        RaiseIrq();
    }

    /// <summary>QEMU ide_atapi_cmd_check_status: a unit attention is still pending (Error 60h, status 01h, reason 0).</summary>
    private void CheckStatus()
    {
        Error = (byte)((AtapiSense.UnitAttention << 4) | 0x20);
        Status = StatusError;
        SectorCount = 0;
        RaiseIrq();
    }

    internal override void SaveFields(StateWriter writer)
    {
        base.SaveFields(writer);
        writer.Write("senseKey", _senseKey);
        writer.Write("asc", _asc);
        writer.Write("packet", _packet);
        writer.Write("lba", _lba);
        writer.Write("packetTransferSize", _packetTransferSize);
        writer.Write("elementaryTransferSize", _elementaryTransferSize);
        writer.Write("bufferIndex", _bufferIndex);
        writer.Write("cdSectorSize", _cdSectorSize);
        writer.Write("atapiDma", _atapiDma);
        writer.Write("trayOpen", _tray.IsTrayOpen);
        writer.Write("trayLocked", _tray.IsMediumLocked);
        writer.Write("mediaChanged", _tray.MediaChangeState);
        writer.Write("newMedia", _tray.NewMediaEvent);
        writer.Write("ejectRequest", _tray.EjectRequestEvent);
    }

    internal override void LoadFields(StateSection section)
    {
        int sectorSize = section.GetInt32("cdSectorSize", 0, RawSectorSize);
        if (sectorSize is not (0 or BlockSize or RawSectorSize))
        {
            throw new StateFormatException($"section {section.Name}: cdSectorSize {sectorSize} is not 0, 2048 or 2352");
        }

        long lba = section.GetInt64("lba", -1, uint.MaxValue);
        long transfer = section.GetInt64("packetTransferSize", 0, (long)uint.MaxValue * RawSectorSize);
        int elementary = section.GetInt32("elementaryTransferSize", 0, 0xFFFE);
        int index = section.GetInt32("bufferIndex", 0, BufferSize);
        int changed = section.GetInt32("mediaChanged", 0, 2);
        bool consistent = lba == -1
            ? elementary == 0 && index + transfer <= BufferSize
            : sectorSize != 0 && index <= sectorSize;
        if (!consistent)
        {
            throw new StateFormatException($"section {section.Name}: the saved ATAPI transfer position is inconsistent");
        }

        section.GetBytes("packet", _packet);
        base.LoadFields(section);
        _senseKey = (byte)section.GetInt32("senseKey", 0, 15);
        _asc = section.GetByte("asc");
        _lba = lba;
        _packetTransferSize = transfer;
        _elementaryTransferSize = elementary;
        _bufferIndex = index;
        _cdSectorSize = sectorSize;
        _atapiDma = section.GetInt64OrDefault("atapiDma", 0, 1, 0) != 0;
        _tray.GuestSetOpen(section.GetBool("trayOpen"));
        _tray.GuestSetLocked(section.GetBool("trayLocked"));
        _tray.MediaChangeState = changed;
        _tray.NewMediaEvent = section.GetBool("newMedia");
        _tray.EjectRequestEvent = section.GetBool("ejectRequest");
    }
}
