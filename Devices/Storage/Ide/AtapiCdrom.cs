namespace Emu.Devices.Storage.Ide;

/// <summary>
/// An ATAPI CD-ROM drive (QEMU ide-cd) on an IDE channel: the PACKET protocol in PIO (ATA/ATAPI-6
/// 9.8; spec ide-atapi-bios.md B.1), sense data (B.2), the MMC commands of QEMU's table (B.3-B.7)
/// and the tray of its <see cref="BlockDrive"/> (<see cref="CdromTray"/>, B.6-B.8): the guest's
/// START STOP UNIT opens and closes the tray (reported to the host as a tray move, the medium stays
/// in the drive), PREVENT ALLOW locks it, and a host media change is seen as NOT READY 3Ah then
/// UNIT ATTENTION 28h. Leaves out packet DMA (no bus-master engine: a PACKET with the DMA bit
/// aborts and IDENTIFY PACKET DEVICE offers no DMA mode).
/// </summary>
public sealed partial class AtapiCdrom : IdeDevice
{
    private const int PacketSize = 12;
    private const int BlockSize = 2048;
    private const int RawSectorSize = 2352;

    // Interrupt Reason bits in the Sector Count register (ATA/ATAPI-6 9.8, table 34).
    private const int ReasonCommand = 0x01; // CoD
    private const int ReasonIn = 0x02;      // IO

    private readonly BlockDrive _drive;
    private readonly CdromTray _tray;
    private readonly ushort[] _identify = new ushort[AtaIdentify.Words];
    private readonly AtaDriveStrings _strings;
    private bool _atapiDma;
    private readonly byte[] _packet = new byte[PacketSize];
    private byte _senseKey;
    private byte _asc;

    // The data-in phase (QEMU lba, packet_transfer_size, elementary_transfer_size, io_buffer_index, cd_sector_size).
    private long _lba = -1;
    private long _packetTransferSize;
    private int _elementaryTransferSize;
    private int _bufferIndex;
    private int _cdSectorSize;

    public AtapiCdrom(BlockDrive drive)
        : this(drive, AtaDriveStrings.Default)
    {
    }

    /// <summary>A drive whose IDENTIFY PACKET and INQUIRY carry the ide-cd properties serial, model, ver and wwn.</summary>
    public AtapiCdrom(BlockDrive drive, AtaDriveStrings strings)
        : base(drive.Index)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(strings);
        _drive = drive;
        _tray = drive.Tray ?? throw new ArgumentException($"drive '{drive.Id}' is not a CD-ROM", nameof(drive));
        Serial = strings.SerialFor(drive.Index);
        _strings = strings;
        AtaIdentify.FillCdrom(_identify, strings, Serial);
        _tray.InterruptRequested += RaiseIrq;
        Reset();
    }

    public override IdeDeviceKind Kind => IdeDeviceKind.Cdrom;

    public BlockDrive Drive => _drive;

    public string Serial { get; }

    /// <summary>The sense key and ASC REQUEST SENSE would report now.</summary>
    public (byte Key, byte Asc) Sense => (_senseKey, _asc);

    /// <summary>The medium's size in 512-byte sectors (QEMU nb_sectors), 0 without a medium.</summary>
    private long Sectors512 => (_drive.Medium?.Length ?? 0) / 512;

    /// <summary>Readable now: tray closed and a non-empty medium inside (QEMU media_present).</summary>
    private bool MediaPresent => !_tray.IsTrayOpen && Sectors512 > 0;

    /// <summary>The Byte Count Limit from Cylinder Low/High; FFFFh counts as FFFEh (ATA/ATAPI-6 9.8).</summary>
    private int ByteCountLimit
    {
        get
        {
            int limit = CylinderLow | (CylinderHigh << 8);
            return limit == 0xFFFF ? 0xFFFE : limit;
        }
    }

    /// <summary>Any reset (system, SRST, DEVICE RESET) clears sense, the media-change sequence, the lock and closes the tray (B.8).</summary>
    public override void Reset()
    {
        _senseKey = 0;
        _atapiDma = false;
        _asc = 0;
        _lba = -1;
        _packetTransferSize = 0;
        _elementaryTransferSize = 0;
        _bufferIndex = 0;
        _cdSectorSize = 0;
        _tray.Reset();
        _tray.MediaChangeState = 0;
        base.Reset();
    }

    protected override bool AllowedWhileBusy(byte command) => command == IdeCommandTable.DeviceReset;

    protected override bool RunCommand(byte command)
    {
        switch (command)
        {
            case IdeCommandTable.DeviceReset:
                Reset();
                Status = 0; // ATA/ATAPI-6 9.12: BSY and DRDY clear, no interrupt
                return false;
            case IdeCommandTable.IdentifyPacket:
                AtaIdentify.Store(_identify, Buffer);
                Status = StatusReady | StatusSeek;
                StartTransfer(0, 512, IdeTransferEnd.Stop);
                RaiseIrq();
                return false;
            case IdeCommandTable.IdentifyDevice:
            case IdeCommandTable.ReadSectors:
                SetSignature(); // how drivers tell a packet device (ATA/ATAPI-6 8.15.5)
                AbortCommand();
                return true;
            case IdeCommandTable.Packet:
                return StartPacket();
            case IdeCommandTable.ExecuteDiagnostic:
                ExecuteDiagnostic();
                return false;
            case IdeCommandTable.FlushCache:
                Status = StatusReady | StatusSeek; // nothing is cached for a read-only medium (QEMU ide_flush_cb)
                return true;
            case IdeCommandTable.SetFeatures:
                return SetFeatures();
            default:
                AbortCommand();
                return true;
        }
    }

    protected override void OnTransferEnd(IdeTransferEnd end)
    {
        switch (end)
        {
            case IdeTransferEnd.AtapiPacket:
                Buffer.AsSpan(0, PacketSize).CopyTo(_packet);
                ExecutePacket();
                break;
            case IdeTransferEnd.AtapiReply:
                ReplyEnd();
                break;
            default:
                StopTransfer();
                break;
        }
    }

    /// <summary>
    /// PACKET (ATA/ATAPI-6 8.21): status 58h, Interrupt Reason CoD, and no interrupt until the 12
    /// command bytes arrive. DMA (Features bit 0) sends the data phase through the bus-master
    /// engine and aborts on a controller without one; overlap (bit 1) is not supported and aborts.
    /// </summary>
    private bool StartPacket()
    {
        bool dma = (Feature & 0x01) != 0;
        if ((Feature & 0x02) != 0 || (dma && Channel?.BusMaster is null))
        {
            AbortCommand();
            return true;
        }

        _atapiDma = dma;

        Status = StatusReady | StatusSeek;
        SectorCount = ReasonCommand;
        StartTransfer(0, PacketSize, IdeTransferEnd.AtapiPacket);
        return false;
    }

    /// <summary>The dispatch order of QEMU ide_atapi_cmd (B.3).</summary>
    private void ExecutePacket()
    {
        byte opcode = _packet[0];
        AtapiCommandFlags flags = AtapiCommandTable.Get(opcode);
        bool allowUa = (flags & AtapiCommandFlags.AllowUnitAttention) != 0;
        if (_senseKey == AtapiSense.UnitAttention && !allowUa)
        {
            CheckStatus();
            return;
        }

        if (!allowUa && !_tray.IsTrayOpen && _drive.HasMedium && _tray.MediaChangeState != 0)
        {
            // A host media change: report "ejected" then "loaded" so guests that only poll notice.
            if (_tray.MediaChangeState == 1)
            {
                CommandError(AtapiSense.NotReady, AtapiSense.MediumNotPresent);
                _tray.MediaChangeState = 2;
            }
            else
            {
                CommandError(AtapiSense.UnitAttention, AtapiSense.MediumMayHaveChanged);
                _tray.MediaChangeState = 0;
            }

            return;
        }

        if ((flags & AtapiCommandFlags.CheckReady) != 0 && !MediaPresent)
        {
            CommandError(AtapiSense.NotReady, AtapiSense.MediumNotPresent);
            return;
        }

        if ((flags & AtapiCommandFlags.Supported) != 0
            && (flags & (AtapiCommandFlags.NonData | AtapiCommandFlags.ConditionalData)) == 0
            && !ValidateByteCountLimit())
        {
            return;
        }

        Span<byte> cdb = _packet;
        switch (opcode)
        {
            case AtapiCommandTable.TestUnitReady:
            case AtapiCommandTable.SetCdSpeed:
                CommandOk();
                break;
            case AtapiCommandTable.RequestSense:
                int senseLength = AtapiReplies.RequestSense(Buffer, _senseKey, _asc);
                if (_senseKey == AtapiSense.UnitAttention)
                {
                    _senseKey = AtapiSense.NoSense; // a reported unit attention is consumed (B.2)
                }

                Reply(senseLength, cdb[4]);
                break;
            case AtapiCommandTable.Inquiry:
                Answer(AtapiReplies.Inquiry(Buffer, cdb, Serial, _strings.VersionText), cdb[4]);
                break;
            case AtapiCommandTable.StartStopUnit:
                StartStopUnit(cdb[4]);
                break;
            case AtapiCommandTable.PreventAllow:
                _tray.GuestSetLocked((cdb[4] & 0x01) != 0);
                CommandOk();
                break;
            case AtapiCommandTable.ReadCapacity:
                Reply(AtapiReplies.ReadCapacity(Buffer, Sectors512 >> 2), 8);
                break;
            case AtapiCommandTable.Read10:
                Read(ReadUInt32(cdb[2..]), (uint)((cdb[7] << 8) | cdb[8]), BlockSize);
                break;
            case AtapiCommandTable.Read12:
                Read(ReadUInt32(cdb[2..]), ReadUInt32(cdb[6..]), BlockSize);
                break;
            case AtapiCommandTable.ReadCd:
                ReadCd(cdb);
                break;
            case AtapiCommandTable.Seek10:
                if (ReadUInt32(cdb[2..]) >= Sectors512 >> 2)
                {
                    CommandError(AtapiSense.IllegalRequest, AtapiSense.LogicalBlockOutOfRange);
                }
                else
                {
                    CommandOk();
                }

                break;
            case AtapiCommandTable.ReadToc:
                Answer(AtapiReplies.ReadToc(Buffer, cdb, Sectors512 >> 2), (cdb[7] << 8) | cdb[8]);
                break;
            case AtapiCommandTable.GetConfiguration:
                Answer(AtapiReplies.GetConfiguration(Buffer, cdb, Sectors512, MediaPresent), Math.Min((cdb[7] << 8) | cdb[8], 512));
                break;
            case AtapiCommandTable.GetEventStatus:
                GetEventStatus(cdb);
                break;
            case AtapiCommandTable.ReadDiscInformation:
                Answer(AtapiReplies.ReadDiscInformation(Buffer, cdb), (cdb[7] << 8) | cdb[8]);
                break;
            case AtapiCommandTable.ModeSense10:
                Answer(AtapiReplies.ModeSense10(Buffer, cdb, _tray.IsMediumLocked), (cdb[7] << 8) | cdb[8]);
                break;
            case AtapiCommandTable.ReadDvdStructure:
                ReadDvdStructure(cdb);
                break;
            case AtapiCommandTable.MechanismStatus:
                Reply(AtapiReplies.MechanismStatus(Buffer), (cdb[8] << 8) | cdb[9]);
                break;
            default:
                CommandError(AtapiSense.IllegalRequest, AtapiSense.InvalidOpcode);
                break;
        }
    }

    /// <summary>
    /// A data command with Byte Count Limit 0 aborts at the ATA level (ATA8-ACS 7.17.6.49). As in
    /// QEMU's validate_bcl the abort raises no interrupt.
    /// </summary>
    private bool ValidateByteCountLimit()
    {
        if (ByteCountLimit != 0)
        {
            return true;
        }

        AbortCommand();
        return false;
    }

    /// <summary>START STOP UNIT (MMC-5 6.38, B.6): LoEj moves the tray unless a closed tray is locked.</summary>
    private void StartStopUnit(byte control)
    {
        bool start = (control & 0x01) != 0;
        bool loadEject = (control & 0x02) != 0;
        if ((control & 0xF0) != 0 || !loadEject)
        {
            CommandOk(); // a power condition, or spin up/down: nothing is modelled
            return;
        }

        if (!start && !_tray.IsTrayOpen && _tray.IsMediumLocked)
        {
            byte key = _drive.HasMedium ? AtapiSense.NotReady : AtapiSense.IllegalRequest;
            CommandError(key, AtapiSense.MediumRemovalPrevented);
            return;
        }

        bool open = !start;
        if (_tray.IsTrayOpen != open)
        {
            // The medium stays in the drive; the host hears of the move (QEMU blk_eject).
            _drive.GuestMoveTray(open);
        }

        CommandOk();
    }

    /// <summary>GET EVENT STATUS NOTIFICATION (MMC-5 6.8, B.7): polled mode, media class only.</summary>
    private void GetEventStatus(ReadOnlySpan<byte> cdb)
    {
        int allocation = (cdb[7] << 8) | cdb[8];
        if ((cdb[1] & 0x01) == 0)
        {
            CommandError(AtapiSense.IllegalRequest, AtapiSense.InvalidFieldInCdb); // asynchronous mode
            return;
        }

        bool mediaClass = (cdb[4] & 0x10) != 0;
        byte mediaStatus = _tray.IsTrayOpen ? (byte)0x01 : _drive.HasMedium ? (byte)0x02 : (byte)0x00;
        byte eventCode = 0;
        if (mediaClass && !_tray.IsTrayOpen)
        {
            if (_tray.NewMediaEvent)
            {
                eventCode = 0x02;
                _tray.NewMediaEvent = false;
            }
            else if (_tray.EjectRequestEvent)
            {
                eventCode = 0x01;
                _tray.EjectRequestEvent = false;
            }
        }

        Reply(AtapiReplies.EventStatus(Buffer, mediaClass, eventCode, mediaStatus), allocation);
    }

    /// <summary>
    /// READ DVD STRUCTURE (MMC-5 6.22) for DVD-ROM media (B.3): a CD gets INCOMPATIBLE MEDIUM for
    /// every format but the list (FFh); formats beyond 00h, 01h, 04h and FFh are invalid fields.
    /// </summary>
    private void ReadDvdStructure(ReadOnlySpan<byte> cdb)
    {
        int format = cdb[7];
        int allocation = (cdb[8] << 8) | cdb[9];
        bool present = MediaPresent;
        if (format < 0xFF)
        {
            if (present && Sectors512 <= AtapiReplies.CdMaxSectors)
            {
                CommandError(AtapiSense.IllegalRequest, AtapiSense.IncompatibleMedium);
                return;
            }

            if (!present)
            {
                CommandError(AtapiSense.IllegalRequest, AtapiSense.InvalidFieldInCdb);
                return;
            }
        }

        if (cdb[1] != 0 || (format >= 0x80 && format != 0xFF))
        {
            CommandError(AtapiSense.IllegalRequest, AtapiSense.InvalidFieldInCdb); // not DVD media type 0, or the AACS/BD structures
            return;
        }

        Answer(AtapiReplies.DvdStructure(Buffer, format, cdb[6], Sectors512 >> 2), allocation);
    }

    /// <summary>SET FEATURES on a packet device: the hints are accepted, a transfer mode is recorded in IDENTIFY words 62, 63 and 88.</summary>
    private bool SetFeatures()
    {
        switch (Feature)
        {
            case 0x02 or 0x82 or 0xCC or 0x66 or 0xAA or 0x55 or 0x05 or 0x85 or 0x69 or 0x67 or 0x96 or 0x9A or 0x42 or 0xC2:
                return true;
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

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        (uint)((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
}
