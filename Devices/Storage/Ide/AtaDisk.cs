using Emu.Core.State;
using Emu.Devices.Block;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// An ATA hard disk (QEMU ide-hd) on an IDE channel, reading and writing the medium of its
/// <see cref="BlockDrive"/>. Implements IDENTIFY DEVICE, READ/WRITE SECTORS (and EXT), READ/WRITE
/// MULTIPLE (and EXT) with SET MULTIPLE MODE, READ VERIFY, SEEK, RECALIBRATE, INITIALIZE DEVICE
/// PARAMETERS, SET FEATURES, FLUSH CACHE (EXT), READ NATIVE MAX ADDRESS (EXT), CHECK POWER MODE and
/// the power-management no-ops, with CHS, LBA28 and LBA48 addressing (spec ide-atapi-bios.md
/// A.5-A.7). Every request is range-checked before the medium is touched (QEMU
/// <c>ide_sect_range_ok</c>); a refused request or a failing medium aborts (status 41h, ABRT).
/// READ/WRITE DMA (and EXT) go through the channel's bus-master engine (AtaDisk.Dma.cs) and
/// abort on a controller without one.
/// </summary>
public sealed partial class AtaDisk : IdeDevice
{
    private const int SectorSize = 512;
    private const int MaxMultipleSectors = 16;

    private readonly BlockDrive _drive;
    private readonly ChsGeometry _defaults;
    private readonly AtaDriveStrings _strings;
    private readonly ushort[] _identify = new ushort[AtaIdentify.Words];
    private bool _identifySet;
    private int _heads;
    private int _sectors;
    private int _multipleSectors;
    private int _blockSectors;
    private bool _resetReverts;
    private bool _writeCache = true;
    private StoppedRequest _stopped;

    /// <summary>A disk with the given physical geometry, the translation auto means for it and default IDENTIFY strings.</summary>
    public AtaDisk(BlockDrive drive, ChsGeometry geometry)
        : this(drive, new HardDiskGeometry(geometry, GeometryGuess.AutoTranslation(geometry), null), AtaDriveStrings.Default)
    {
    }

    public AtaDisk(BlockDrive drive, HardDiskGeometry geometry, AtaDriveStrings strings)
        : base(drive.Index)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(strings);
        geometry.Physical.Validate();
        _drive = drive;
        Geometry = geometry;
        _defaults = geometry.Physical;
        _strings = strings;
        _heads = _defaults.Heads;
        _sectors = _defaults.Sectors;
        Serial = strings.SerialFor(drive.Index);
        Reset();
    }

    /// <summary>The physical geometry, translation and bios-geometry entry the CMOS and firmware configuration are filled from.</summary>
    public HardDiskGeometry Geometry { get; }

    public override IdeDeviceKind Kind => IdeDeviceKind.Disk;

    public BlockDrive Drive => _drive;

    public string Serial { get; }

    /// <summary>Sectors per READ/WRITE MULTIPLE block (0 = multiple mode off).</summary>
    public int MultipleSectors => _multipleSectors;

    /// <summary>The CHS translation CHS commands use now (INITIALIZE DEVICE PARAMETERS changes it).</summary>
    public ChsGeometry CurrentGeometry => new(_defaults.Cylinders, _heads, _sectors);

    public bool WriteCacheEnabled => _writeCache;

    /// <summary>The medium's size in 512-byte sectors (0 without a medium).</summary>
    public long TotalSectors => (_drive.Medium?.Length ?? 0) / SectorSize;

    public override void Reset()
    {
        _multipleSectors = MaxMultipleSectors;
        _blockSectors = 0;
        if (_resetReverts)
        {
            // SET FEATURES CCh: a reset restores the power-on translation (ATA/ATAPI-6 8.37.10).
            _resetReverts = false;
            _heads = _defaults.Heads;
            _sectors = _defaults.Sectors;
        }

        base.Reset();
    }

    protected override bool RunCommand(byte command)
    {
        switch (command)
        {
            case IdeCommandTable.IdentifyDevice:
                Identify();
                return false;
            case IdeCommandTable.ReadSectors:
            case IdeCommandTable.ReadSectorsNoRetry:
            case IdeCommandTable.ReadSectorsExt:
                return StartPio(command == IdeCommandTable.ReadSectorsExt, 1, write: false);
            case IdeCommandTable.ReadMultiple:
            case IdeCommandTable.ReadMultipleExt:
                return StartPio(command == IdeCommandTable.ReadMultipleExt, _multipleSectors, write: false);
            case IdeCommandTable.WriteSectors:
            case IdeCommandTable.WriteSectorsNoRetry:
            case IdeCommandTable.WriteSectorsExt:
            case IdeCommandTable.WriteVerify:
                return StartPio(command == IdeCommandTable.WriteSectorsExt, 1, write: true);
            case IdeCommandTable.WriteMultiple:
            case IdeCommandTable.WriteMultipleExt:
                return StartPio(command == IdeCommandTable.WriteMultipleExt, _multipleSectors, write: true);
            case IdeCommandTable.ReadDma:
            case IdeCommandTable.ReadDmaNoRetry:
            case IdeCommandTable.ReadDmaExt:
                return StartDma(command == IdeCommandTable.ReadDmaExt, write: false);
            case IdeCommandTable.WriteDma:
            case IdeCommandTable.WriteDmaNoRetry:
            case IdeCommandTable.WriteDmaExt:
                return StartDma(command == IdeCommandTable.WriteDmaExt, write: true);
            case IdeCommandTable.ReadVerify:
            case IdeCommandTable.ReadVerifyNoRetry:
            case IdeCommandTable.ReadVerifyExt:
                // No data and, as in QEMU, no range check; the registers keep the request.
                TransformCount(command == IdeCommandTable.ReadVerifyExt);
                return true;
            case IdeCommandTable.SetMultipleMode:
                SetMultipleMode();
                return true;
            case IdeCommandTable.InitializeParameters:
                // ATA-3 8.16: heads from the Device register, sectors per track from Sector Count.
                _heads = (Select & DeviceHead) + 1;
                _sectors = SectorCount & 0xFF;
                return true;
            case IdeCommandTable.ReadNativeMax:
            case IdeCommandTable.ReadNativeMaxExt:
                ReadNativeMax(command == IdeCommandTable.ReadNativeMaxExt);
                return true;
            case IdeCommandTable.CheckPowerMode:
            case IdeCommandTable.CheckPowerModeOld:
                SectorCount = 0xFF; // active or idle (ATA/ATAPI-6 8.6.5)
                return true;
            case IdeCommandTable.SecurityFreezeLock:
                SectorCount = 0;
                return true;
            case IdeCommandTable.FlushCache:
            case IdeCommandTable.FlushCacheExt:
                return Flush();
            case IdeCommandTable.SetFeatures:
                return SetFeatures();
            case IdeCommandTable.ExecuteDiagnostic:
                ExecuteDiagnostic();
                return false;
            default:
                // Recalibrate, seek and the power-management commands: nothing to do.
                return true;
        }
    }

    protected override void OnTransferEnd(IdeTransferEnd end)
    {
        switch (end)
        {
            case IdeTransferEnd.SectorRead:
                ReadNextBlock();
                break;
            case IdeTransferEnd.SectorWrite:
                WriteBlock();
                break;
            default:
                StopTransfer();
                break;
        }
    }

    /// <summary>IDENTIFY DEVICE: built at the first request and kept, as QEMU does (A.6 notes).</summary>
    /// <summary>
    /// Starts a PIO read or write of <paramref name="blockSectors"/> sectors per DRQ block. The
    /// MULTIPLE commands pass the SET MULTIPLE MODE count, and abort while it is 0 (multiple mode disabled: ABRT, as ATA8-ACS READ MULTIPLE says).
    /// Returns what <see cref="RunCommand"/> returns: true when the command already ended.
    /// </summary>
    private bool StartPio(bool ext, int blockSectors, bool write)
    {
        if (blockSectors == 0)
        {
            AbortCommand();
            return true;
        }

        TransformCount(ext);
        _blockSectors = blockSectors;
        if (write)
        {
            RequestWriteBlock();
        }
        else
        {
            ReadNextBlock();
        }

        return false;
    }

    private void Identify()
    {
        if (!_identifySet)
        {
            AtaIdentify.FillDisk(_identify, _strings, Serial, _defaults, CurrentGeometry, _multipleSectors, TotalSectors, _writeCache);
            _identifySet = true;
        }
        else
        {
            AtaIdentify.UpdateCapacity(_identify, TotalSectors);
        }

        AtaIdentify.Store(_identify, Buffer);
        Status = StatusReady | StatusSeek;
        StartTransfer(0, SectorSize, IdeTransferEnd.Stop);
        RaiseIrq();
    }

    /// <summary>
    /// The words IDENTIFY DEVICE returns now, without issuing it (the built-in BIOS reads the
    /// geometry and capacity from them as SeaBIOS does by issuing the command at POST).
    /// </summary>
    public void PeekIdentify(Span<ushort> words)
    {
        if (_identifySet)
        {
            _identify.CopyTo(words);
            AtaIdentify.UpdateCapacity(words, TotalSectors);
            return;
        }

        AtaIdentify.FillDisk(words, _strings, Serial, _defaults, CurrentGeometry, _multipleSectors, TotalSectors, _writeCache);
    }

    /// <summary>
    /// QEMU ide_cmd_lba48_transform: a 28-bit count of 0 means 256; a 48-bit count is HOB:count and
    /// 0000h means 65536 (A.5).
    /// </summary>
    private void TransformCount(bool lba48)
    {
        Lba48 = lba48;
        if (!lba48)
        {
            SectorCount &= 0xFF;
            if (SectorCount == 0)
            {
                SectorCount = 256;
            }

            return;
        }

        int count = (HobSectorCount << 8) | (SectorCount & 0xFF);
        SectorCount = count == 0 ? 65536 : count;
    }

    /// <summary>The address the registers hold (A.5); -1 when a CHS address cannot be formed.</summary>
    private long CurrentSector()
    {
        if ((Select & DeviceLba) != 0)
        {
            if (Lba48)
            {
                return ((long)HobCylinderHigh << 40) | ((long)HobCylinderLow << 32) | ((long)HobSector << 24)
                    | ((long)CylinderHigh << 16) | ((long)CylinderLow << 8) | Sector;
            }

            return ((long)(Select & DeviceHead) << 24) | ((long)CylinderHigh << 16) | ((long)CylinderLow << 8) | Sector;
        }

        if (_sectors == 0)
        {
            return -1; // INITIALIZE DEVICE PARAMETERS set zero sectors per track: no CHS address exists
        }

        long cylinder = (CylinderHigh << 8) | CylinderLow;
        return (((cylinder * _heads) + (Select & DeviceHead)) * _sectors) + (Sector - 1);
    }

    /// <summary>Writes the address of the next sector back in the request's addressing mode (QEMU ide_set_sector).</summary>
    private void SetCurrentSector(long sector)
    {
        if ((Select & DeviceLba) != 0)
        {
            if (Lba48)
            {
                Sector = (byte)sector;
                CylinderLow = (byte)(sector >> 8);
                CylinderHigh = (byte)(sector >> 16);
                HobSector = (byte)(sector >> 24);
                HobCylinderLow = (byte)(sector >> 32);
                HobCylinderHigh = (byte)(sector >> 40);
            }
            else
            {
                Select = (byte)((Select & ~DeviceHead) | (int)((sector >> 24) & DeviceHead));
                CylinderHigh = (byte)(sector >> 16);
                CylinderLow = (byte)(sector >> 8);
                Sector = (byte)sector;
            }

            return;
        }

        if (_sectors == 0)
        {
            return; // no CHS address exists (see CurrentSector)
        }

        long perCylinder = (long)_heads * _sectors;
        long cylinder = sector / perCylinder;
        long remainder = sector % perCylinder;
        CylinderHigh = (byte)(cylinder >> 8);
        CylinderLow = (byte)cylinder;
        Select = (byte)((Select & ~DeviceHead) | (int)((remainder / _sectors) & DeviceHead));
        Sector = (byte)((remainder % _sectors) + 1);
    }

    /// <summary>QEMU ide_sect_range_ok, in a form that cannot overflow.</summary>
    private bool RangeOk(long sector, long count)
    {
        long total = TotalSectors;
        return sector >= 0 && sector <= total && count <= total - sector;
    }

    /// <summary>QEMU ide_rw_error: abort and interrupt.</summary>
    private void RequestFailed()
    {
        AbortCommand();
        RaiseIrq();
    }

    /// <summary>
    /// QEMU ide_handle_rw_error: the drive's rerror/werror decides. Report aborts the command;
    /// stop leaves it pending with BSY set (the VM stops, <see cref="RetryStoppedRequest"/> runs it
    /// again on <c>cont</c>); ignore goes on as if the transfer had worked. Returns true when the
    /// request ends here.
    /// </summary>
    private bool FailRequest(bool write, BlockException error, StoppedRequest request)
    {
        switch (_drive.ReportIoError(write, error))
        {
            case BlockErrorAction.Ignore:
                return false;
            case BlockErrorAction.Stop:
                _stopped = request;
                Status = StatusReady | StatusBusy;
                return true;
            default:
                RequestFailed();
                return true;
        }
    }

    /// <summary>QEMU ide_restart_bh: the VM runs again after a stop on an I/O error; the request is tried again.</summary>
    public void RetryStoppedRequest()
    {
        StoppedRequest request = _stopped;
        _stopped = StoppedRequest.None;
        if (request == StoppedRequest.Read)
        {
            ReadNextBlock();
        }
        else if (request == StoppedRequest.Write)
        {
            WriteBlock();
        }
        else if (request == StoppedRequest.Flush && Flush())
        {
            RaiseIrq();
        }
    }

    /// <summary>
    /// QEMU ide_sector_read: the next DRQ block (one sector, or the multiple count), raising the IRQ
    /// with status 58h; once the count is exhausted the command ends at 50h without an interrupt.
    /// </summary>
    private void ReadNextBlock()
    {
        Status = StatusReady | StatusSeek;
        Error = 0;
        if (SectorCount == 0)
        {
            StopTransfer();
            return;
        }

        int count = Math.Min(SectorCount, _blockSectors);
        long sector = CurrentSector();
        IBlockBackend? medium = _drive.Medium;
        if (medium is null || !RangeOk(sector, count))
        {
            _drive.Stats.Invalid(BlockIoKind.Read);
            RequestFailed();
            return;
        }

        // QEMU ide_sector_read accounts each DRQ block as one read.
        long started = BlockAccounting.Start();
        try
        {
            medium.Read(sector * SectorSize, Buffer.AsSpan(0, count * SectorSize));
            _drive.Stats.Done(BlockIoKind.Read, count * SectorSize, started);
        }
        catch (BlockException e)
        {
            _drive.Stats.Failed(BlockIoKind.Read, started);
            if (FailRequest(write: false, e, StoppedRequest.Read))
            {
                return;
            }
        }

        SetCurrentSector(sector + count);
        SectorCount -= count;
        StartTransfer(0, count * SectorSize, IdeTransferEnd.SectorRead);
        RaiseIrq();
    }

    /// <summary>The first write block is requested without an interrupt (A.6 notes).</summary>
    private void RequestWriteBlock()
    {
        Status = StatusReady | StatusSeek;
        int count = Math.Min(SectorCount, _blockSectors);
        StartTransfer(0, count * SectorSize, IdeTransferEnd.SectorWrite);
    }

    /// <summary>
    /// QEMU ide_sector_write: the guest filled a block; it is range-checked and written, then the
    /// next block is requested or the command ends, with an interrupt either way.
    /// </summary>
    private void WriteBlock()
    {
        Status = StatusReady | StatusSeek;
        int count = Math.Min(SectorCount, _blockSectors);
        long sector = CurrentSector();
        IBlockBackend? medium = _drive.Medium;
        if (medium is null || !RangeOk(sector, count))
        {
            _drive.Stats.Invalid(BlockIoKind.Write);
            RequestFailed();
            return;
        }

        long started = BlockAccounting.Start();
        try
        {
            BlockWriteFlags flags = _writeCache ? BlockWriteFlags.None : BlockWriteFlags.ForceUnitAccess;
            medium.Write(sector * SectorSize, Buffer.AsSpan(0, count * SectorSize), flags);
            _drive.Stats.Done(BlockIoKind.Write, count * SectorSize, started);
        }
        catch (BlockException e)
        {
            _drive.Stats.Failed(BlockIoKind.Write, started);
            if (FailRequest(write: true, e, StoppedRequest.Write))
            {
                return;
            }
        }

        SectorCount -= count;
        if (SectorCount == 0)
        {
            StopTransfer();
        }
        else
        {
            StartTransfer(0, Math.Min(SectorCount, _blockSectors) * SectorSize, IdeTransferEnd.SectorWrite);
        }

        SetCurrentSector(sector + count);
        RaiseIrq();
    }

    /// <summary>SET MULTIPLE MODE (ATA/ATAPI-6 8.39): 0 disables; otherwise a power of two up to 16.</summary>
    private void SetMultipleMode()
    {
        int count = SectorCount & 0xFF;
        if (count != 0 && (count > MaxMultipleSectors || (count & (count - 1)) != 0))
        {
            AbortCommand();
            return;
        }

        _multipleSectors = count;
    }

    private void ReadNativeMax(bool lba48)
    {
        long total = TotalSectors;
        if (total == 0)
        {
            AbortCommand();
            return;
        }

        TransformCount(lba48);
        SetCurrentSector(total - 1);
    }

    /// <summary>
    /// FLUSH CACHE (ATA/ATAPI-6 8.12): the medium is flushed, then status 50h (QEMU ide_flush_cb).
    /// A failed flush is a write error under werror (QEMU IDE_RETRY_FLUSH): report aborts and
    /// interrupts, stop keeps it pending for the resume, ignore completes it. Returns whether the
    /// command completed here (the caller then interrupts).
    /// </summary>
    private bool Flush()
    {
        long started = BlockAccounting.Start();
        try
        {
            _drive.Medium?.Flush();
            _drive.Stats.Done(BlockIoKind.Flush, 0, started);
        }
        catch (BlockException e)
        {
            _drive.Stats.Failed(BlockIoKind.Flush, started);
            if (FailRequest(write: true, e, StoppedRequest.Flush))
            {
                return false;
            }

            // werror=ignore: the flush counts as done.
        }

        Status = StatusReady | StatusSeek;
        return true;
    }

    /// <summary>SET FEATURES (ATA/ATAPI-6 8.37; QEMU cmd_set_features, A.6 notes). Returns whether it completed.</summary>
    private bool SetFeatures()
    {
        switch (Feature)
        {
            case 0x02: // enable write cache
                _writeCache = true;
                _identify[85] = AtaIdentify.CommandSetEnabled(true);
                return true;
            case 0x82: // disable write cache: what is cached goes to the medium now
                _writeCache = false;
                _identify[85] = AtaIdentify.CommandSetEnabled(false);
                return Flush();
            case 0xCC:
                _resetReverts = true;
                return true;
            case 0x66:
                _resetReverts = false;
                return true;
            case 0xAA or 0x55 or 0x05 or 0x85 or 0x69 or 0x67 or 0x96 or 0x9A or 0x42 or 0xC2:
                return true; // look-ahead, APM, acoustic and similar hints: accepted without effect
            case 0x03:
                if (!AtaIdentify.SelectTransferMode(_identify, (byte)SectorCount))
                {
                    AbortCommand();
                }

                return true;
            default:
                AbortCommand();
                return true;
        }
    }

    internal override void SaveFields(StateWriter writer)
    {
        base.SaveFields(writer);
        writer.Write("heads", _heads);
        writer.Write("sectors", _sectors);
        writer.Write("multSectors", _multipleSectors);
        writer.Write("blockSectors", _blockSectors);
        writer.Write("resetReverts", _resetReverts);
        writer.Write("writeCache", _writeCache);
        writer.Write("stopped", (int)_stopped);
        writer.Write("identifySet", _identifySet);
        byte[] identify = new byte[AtaIdentify.Words * 2];
        AtaIdentify.Store(_identify, identify);
        writer.Write("identify", identify);
    }

    internal override void LoadFields(StateSection section)
    {
        int heads = section.GetInt32("heads", 1, 16);
        int sectors = section.GetInt32("sectors", 0, 255);
        int multiple = section.GetInt32("multSectors", 0, MaxMultipleSectors);
        int block = section.GetInt32("blockSectors", 0, MaxMultipleSectors);
        if ((multiple & (multiple - 1)) != 0)
        {
            throw new StateFormatException($"section {section.Name}: multSectors {multiple} is not a power of two");
        }

        byte[] identify = new byte[AtaIdentify.Words * 2];
        section.GetBytes("identify", identify);
        base.LoadFields(section);
        _heads = heads;
        _sectors = sectors;
        _multipleSectors = multiple;
        _blockSectors = block;
        _resetReverts = section.GetBool("resetReverts");
        _writeCache = section.GetBool("writeCache");
        _stopped = (StoppedRequest)section.GetInt32("stopped", 0, 3);
        _identifySet = section.GetBool("identifySet");
        for (int i = 0; i < AtaIdentify.Words; i++)
        {
            _identify[i] = (ushort)(identify[i * 2] | (identify[(i * 2) + 1] << 8));
        }
    }
}
