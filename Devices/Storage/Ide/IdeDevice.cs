using System.Buffers.Binary;
using Emu.Core.State;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// One unit slot of an IDE channel: the ATA command-block registers as this unit holds them
/// (ATA/ATAPI-6 7.1; QEMU keeps one register copy per unit and writes both), the PIO data phase
/// (a buffer, a position and what happens when the block is drained: QEMU's <c>data_ptr</c>,
/// <c>data_end</c>, <c>end_transfer_func</c>) and the command dispatch with the checks QEMU's
/// <c>ide_exec_cmd</c> makes for every command (spec ide-atapi-bios.md A.6). <see cref="AtaDisk"/>,
/// <see cref="AtapiCdrom"/> and <see cref="IdeEmptySlot"/> derive from it.
/// </summary>
public abstract class IdeDevice
{
    // Status register bits (ATA/ATAPI-6 7.15.6).
    internal const byte StatusBusy = 0x80;
    internal const byte StatusReady = 0x40;
    internal const byte StatusSeek = 0x10; // DSC
    internal const byte StatusDrq = 0x08;
    internal const byte StatusError = 0x01;

    // Error register bits (ATA/ATAPI-6 7.9.6).
    internal const byte ErrorAbort = 0x04;

    // Device/Head register (ATA/ATAPI-6 7.10): bits 7 and 5 are obsolete and read as one in QEMU.
    internal const byte DeviceAlwaysOn = 0xA0;
    internal const byte DeviceLba = 0x40;
    internal const byte DeviceSlave = 0x10;
    internal const byte DeviceHead = 0x0F;

    /// <summary>
    /// The PIO buffer: the largest DRQ block is READ/WRITE MULTIPLE with 16 sectors (IDENTIFY word
    /// 47); a raw CD sector (2352 bytes) and every ATAPI reply fit as well.
    /// </summary>
    protected const int BufferSize = 16 * 512;

    private int _dataPosition;
    private int _dataEnd;
    private IdeTransferEnd _transferEnd;

    protected IdeDevice(int unit)
    {
        Unit = unit & 1;
    }

    public abstract IdeDeviceKind Kind { get; }

    /// <summary>0 for the master, 1 for the slave.</summary>
    public int Unit { get; }

    /// <summary>The channel the unit is attached to (set by <see cref="IdeChannel.Attach"/>).</summary>
    public IdeChannel? Channel { get; internal set; }

    public bool IsPresent => Kind != IdeDeviceKind.None;

    // The command-block registers (ATA/ATAPI-6 7.1) and their 48-bit "previous content" copies.
    internal byte Feature;
    internal byte HobFeature;
    internal byte Sector;
    internal byte HobSector;
    internal byte CylinderLow;
    internal byte HobCylinderLow;
    internal byte CylinderHigh;
    internal byte HobCylinderHigh;
    internal byte HobSectorCount;
    internal byte Select;
    internal byte Status;
    internal byte Error;

    /// <summary>
    /// Sector Count as written (a byte), widened by the 48-bit transform to the command's count
    /// (1..65536) and counted down by transfers; the register reads its low byte (QEMU <c>nsector</c>).
    /// </summary>
    internal int SectorCount;

    /// <summary>The current command uses 48-bit addressing (an EXT command).</summary>
    internal bool Lba48;

    protected byte[] Buffer { get; } = new byte[BufferSize];

    /// <summary>A DMA command waits for the bus-master engine (status 58h until SSBM is set).</summary>
    public bool DmaPending { get; private set; }

    /// <summary>True while a PIO data block waits for the guest.</summary>
    public bool IsDataRequested => (Status & StatusDrq) != 0;

    /// <summary>What ends the current data block (for tests and the saved state).</summary>
    public IdeTransferEnd TransferEnd => _transferEnd;

    /// <summary>Data moves from the device to the guest in the current phase (QEMU ide_is_pio_out).</summary>
    private bool IsDataIn => _transferEnd is IdeTransferEnd.Stop or IdeTransferEnd.SectorRead or IdeTransferEnd.AtapiReply;

    /// <summary>
    /// A system reset (power-on values, A.3): registers, signature, status 50h, no data phase.
    /// Derived units reset their own state too.
    /// </summary>
    public virtual void Reset()
    {
        DmaPending = false;
        StopTransfer();
        Feature = 0;
        Error = 0;
        SectorCount = 0;
        Sector = 0;
        CylinderLow = 0;
        CylinderHigh = 0;
        HobFeature = 0;
        HobSector = 0;
        HobSectorCount = 0;
        HobCylinderLow = 0;
        HobCylinderHigh = 0;
        Select = DeviceAlwaysOn;
        Status = StatusReady | StatusSeek;
        Lba48 = false;
        SetSignature();
    }

    /// <summary>
    /// The reset a software reset (SRST) performs on each unit, followed by EXECUTE DEVICE
    /// DIAGNOSTIC's outputs (QEMU ide_perform_srst).
    /// </summary>
    internal void SoftReset()
    {
        Reset();
        ExecuteDiagnostic();
    }

    /// <summary>
    /// EXECUTE DEVICE DIAGNOSTIC outputs (ATA/ATAPI-6 8.11): signature, Error 01h (device 0 passed).
    /// A packet device leaves BSY and DRDY clear and does not interrupt (ATA/ATAPI-6 9.10); any other
    /// slot, even an empty one, reports 50h and interrupts, as QEMU's cmd_exec_dev_diagnostic does.
    /// </summary>
    internal void ExecuteDiagnostic()
    {
        SetSignature();
        Error = 0x01;
        if (Kind == IdeDeviceKind.Cdrom)
        {
            Status = 0;
            return;
        }

        Status = StatusReady | StatusSeek;
        RaiseIrq();
    }

    /// <summary>The reset signature (ATA/ATAPI-6 9.12): count 1, sector 1, cylinder 0000h / EB14h / FFFFh, head 0.</summary>
    internal void SetSignature()
    {
        Select &= unchecked((byte)~DeviceHead);
        SectorCount = 1;
        Sector = 1;
        (CylinderLow, CylinderHigh) = Kind switch
        {
            IdeDeviceKind.Cdrom => ((byte)0x14, (byte)0xEB),
            IdeDeviceKind.Disk => ((byte)0x00, (byte)0x00),
            _ => ((byte)0xFF, (byte)0xFF),
        };
    }

    /// <summary>
    /// The Command register was written with this unit selected: QEMU ide_exec_cmd's checks (A.6),
    /// then the device's handler. A handler that completes at once returns true; the status then
    /// loses BSY, gains DSC for SET_DSC commands that did not fail, and the unit interrupts.
    /// </summary>
    internal void ExecuteCommand(byte command)
    {
        if (!IsPresent)
        {
            ExecuteOnEmptySlot(command);
            return;
        }

        if ((Status & (StatusBusy | StatusDrq)) != 0 && !AllowedWhileBusy(command))
        {
            return;
        }

        IdeCommandInfo info = IdeCommandTable.Get(command);
        if (!info.IsPermittedFor(Kind))
        {
            AbortCommand();
            RaiseIrq();
            return;
        }

        Status = StatusReady | StatusBusy;
        Error = 0;
        if (RunCommand(command))
        {
            Status &= unchecked((byte)~StatusBusy);
            if (info.SetsSeekComplete && Error == 0)
            {
                Status |= StatusSeek;
            }

            RaiseIrq();
        }
    }

    /// <summary>
    /// QEMU ignores commands to an absent slave. An absent master beside a present slave is, in
    /// QEMU, a disk unit without a medium: it runs EXECUTE DEVICE DIAGNOSTIC (empty-slot signature,
    /// 50h, IRQ) and aborts what needs a medium; Emu aborts every other command.
    /// </summary>
    private void ExecuteOnEmptySlot(byte command)
    {
        if (Unit != 0 || Channel is null || !Channel[1].IsPresent || (Status & (StatusBusy | StatusDrq)) != 0)
        {
            return;
        }

        if (command == IdeCommandTable.ExecuteDiagnostic)
        {
            ExecuteDiagnostic();
            return;
        }

        AbortCommand();
        RaiseIrq();
    }

    /// <summary>Only DEVICE RESET to a packet device is accepted while BSY or DRQ is set (ATA/ATAPI-6 8.7).</summary>
    protected virtual bool AllowedWhileBusy(byte command) => false;

    /// <summary>Runs a permitted command; returns true when it completed without a data phase.</summary>
    protected abstract bool RunCommand(byte command);

    /// <summary>Called when the guest drained or filled the current data block.</summary>
    protected abstract void OnTransferEnd(IdeTransferEnd end);

    /// <summary>QEMU ide_abort_command: the data phase ends, status 41h (DRDY|ERR), error ABRT.</summary>
    protected void AbortCommand()
    {
        StopTransfer();
        Status = StatusReady | StatusError;
        Error = ErrorAbort;
    }

    protected void RaiseIrq() => Channel?.RaiseIrq();

    /// <summary>
    /// QEMU ide_transfer_start: the guest may now move <paramref name="length"/> bytes of the buffer
    /// from <paramref name="offset"/>; DRQ is set unless the status already shows an error.
    /// </summary>
    protected void StartTransfer(int offset, int length, IdeTransferEnd end)
    {
        _dataPosition = offset;
        _dataEnd = offset + length;
        _transferEnd = end;
        if ((Status & StatusError) == 0)
        {
            Status |= StatusDrq;
        }
    }

    /// <summary>
    /// QEMU ide_start_dma: status 58h while the transfer waits for the bus-master engine, which
    /// calls <see cref="TransferDma"/> once SSBM is set (at once when it already is).
    /// </summary>
    protected void RequestDma()
    {
        Status = StatusReady | StatusSeek | StatusDrq;
        DmaPending = true;
        Channel?.BusMaster?.DeviceRequested(this);
    }

    /// <summary>The engine runs the waiting DMA transfer.</summary>
    internal void RunDma(BusMasterChannel engine)
    {
        if (!DmaPending)
        {
            return;
        }

        DmaPending = false;
        Status &= unchecked((byte)~StatusDrq);
        TransferDma(engine);
    }

    /// <summary>Moves the waiting DMA command's data through <paramref name="engine"/> and completes the command.</summary>
    protected virtual void TransferDma(BusMasterChannel engine)
    {
        engine.Finish(stayActive: false);
    }

    /// <summary>QEMU ide_transfer_stop: no data phase, DRQ clear.</summary>
    protected void StopTransfer()
    {
        _transferEnd = IdeTransferEnd.Stop;
        _dataPosition = 0;
        _dataEnd = 0;
        Status &= unchecked((byte)~StatusDrq);
    }

    /// <summary>A 16-bit read of the Data register (QEMU ide_data_readw): 0 outside a data-in phase.</summary>
    internal ushort ReadData16()
    {
        if ((Status & StatusDrq) == 0 || !IsDataIn || _dataPosition >= _dataEnd)
        {
            return 0;
        }

        ushort value = (ushort)ReadPartial(2);
        Advance(2);
        return value;
    }

    internal uint ReadData32()
    {
        if ((Status & StatusDrq) == 0 || !IsDataIn || _dataPosition >= _dataEnd)
        {
            return 0;
        }

        uint value = ReadPartial(4);
        Advance(4);
        return value;
    }

    /// <summary>
    /// The next <paramref name="width"/> bytes of the block, little-endian. An ATAPI reply cut to an
    /// odd allocation length ends in a partial word; its missing bytes read as zero (QEMU would
    /// leave DRQ set forever there, which no guest can use).
    /// </summary>
    private uint ReadPartial(int width)
    {
        int available = Math.Min(width, _dataEnd - _dataPosition);
        uint value = 0;
        for (int i = 0; i < available; i++)
        {
            value |= (uint)Buffer[_dataPosition + i] << (8 * i);
        }

        return value;
    }

    /// <summary>A 16-bit write of the Data register: ignored outside a data-out phase.</summary>
    internal void WriteData16(ushort value)
    {
        if ((Status & StatusDrq) == 0 || IsDataIn || _dataPosition + 2 > _dataEnd)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(Buffer.AsSpan(_dataPosition, 2), value);
        Advance(2);
    }

    internal void WriteData32(uint value)
    {
        if ((Status & StatusDrq) == 0 || IsDataIn || _dataPosition + 4 > _dataEnd)
        {
            return;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(Buffer.AsSpan(_dataPosition, 4), value);
        Advance(4);
    }

    private void Advance(int bytes)
    {
        _dataPosition += bytes;
        if (_dataPosition >= _dataEnd)
        {
            Status &= unchecked((byte)~StatusDrq);
            IdeTransferEnd end = _transferEnd;
            if (end == IdeTransferEnd.Stop)
            {
                StopTransfer();
                return;
            }

            OnTransferEnd(end);
        }
    }

    /// <summary>Writes the registers and the data phase; derived units add their fields after calling this.</summary>
    internal virtual void SaveFields(StateWriter writer)
    {
        writer.Write("feature", Feature);
        writer.Write("hobFeature", HobFeature);
        writer.Write("sector", Sector);
        writer.Write("hobSector", HobSector);
        writer.Write("cylLow", CylinderLow);
        writer.Write("hobCylLow", HobCylinderLow);
        writer.Write("cylHigh", CylinderHigh);
        writer.Write("hobCylHigh", HobCylinderHigh);
        writer.Write("nsector", SectorCount);
        writer.Write("hobNsector", HobSectorCount);
        writer.Write("select", Select);
        writer.Write("status", Status);
        writer.Write("error", Error);
        writer.Write("lba48", Lba48);
        writer.Write("transferEnd", (long)_transferEnd);
        writer.Write("dataPosition", _dataPosition);
        writer.Write("dataEnd", _dataEnd);
        writer.Write("buffer", Buffer);
        writer.Write("dmaPending", DmaPending);
    }

    /// <summary>Reads what <see cref="SaveFields"/> wrote, refusing positions and actions the unit could not have produced.</summary>
    internal virtual void LoadFields(StateSection section)
    {
        int dataEnd = section.GetInt32("dataEnd", 0, BufferSize);
        int dataPosition = section.GetInt32("dataPosition", 0, dataEnd);
        long end = section.GetInt64("transferEnd", 0, (long)IdeTransferEnd.AtapiReply);
        section.GetBytes("buffer", Buffer);
        Feature = section.GetByte("feature");
        HobFeature = section.GetByte("hobFeature");
        Sector = section.GetByte("sector");
        HobSector = section.GetByte("hobSector");
        CylinderLow = section.GetByte("cylLow");
        HobCylinderLow = section.GetByte("hobCylLow");
        CylinderHigh = section.GetByte("cylHigh");
        HobCylinderHigh = section.GetByte("hobCylHigh");
        SectorCount = section.GetInt32("nsector", 0, 65536);
        HobSectorCount = section.GetByte("hobNsector");
        Select = section.GetByte("select");
        Status = section.GetByte("status");
        Error = section.GetByte("error");
        Lba48 = section.GetBool("lba48");
        DmaPending = section.GetInt64OrDefault("dmaPending", 0, 1, 0) != 0;
        _transferEnd = (IdeTransferEnd)end;
        _dataPosition = dataPosition;
        _dataEnd = dataEnd;
    }
}
