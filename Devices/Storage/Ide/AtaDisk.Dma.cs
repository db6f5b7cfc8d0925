using Emu.Devices.Block;

namespace Emu.Devices.Storage.Ide;

/// <summary>READ/WRITE DMA (and EXT) through the bus-master engine (ATA/ATAPI-6 8.26, 8.47; QEMU <c>ide_dma_cb</c>).</summary>
public sealed partial class AtaDisk
{
    /// <summary>
    /// DMA moves through its own buffer of 256 sectors (a whole 28-bit command at the default count),
    /// so a request costs the backend one call per 128 KiB, not one per 8 KiB PIO block.
    /// </summary>
    private const int DmaBufferSize = 256 * SectorSize;

    private readonly byte[] _dmaBuffer = new byte[DmaBufferSize];
    private bool _dmaWrite;

    /// <summary>Sets the count up and waits for the engine (status 58h); without an engine the command aborts.</summary>
    private bool StartDma(bool ext, bool write)
    {
        if (Channel?.BusMaster is null)
        {
            AbortCommand();
            return true;
        }

        TransformCount(ext);
        _dmaWrite = write;
        RequestDma();
        return false;
    }

    /// <summary>
    /// The whole request in one pass: range check (ABRT and IRQ), then a PRD table shorter than
    /// the request moves nothing and ends at 50h without an interrupt (A.9); otherwise the
    /// sectors move in buffer-sized pieces, the registers advance and the unit interrupts. A
    /// table describing more whole sectors than were moved leaves Active set (QEMU).
    /// </summary>
    protected override void TransferDma(BusMasterChannel engine)
    {
        long sector = CurrentSector();
        int count = SectorCount;
        IBlockBackend? medium = Drive.Medium;
        BlockIoKind kind = _dmaWrite ? BlockIoKind.Write : BlockIoKind.Read;
        if (medium is null || !RangeOk(sector, count))
        {
            Drive.Stats.Invalid(kind);
            RequestFailed();
            engine.Finish(stayActive: false);
            return;
        }

        // QEMU accounts the whole request as one operation from ide_start_dma, and a PRD table too
        // short for it still ends in block_acct_done (ide_dma_cb's eot).
        long started = BlockAccounting.Start();
        long bytes = (long)count * SectorSize;
        long described = engine.PrepareTable(bytes);
        Status = StatusReady | StatusSeek;
        if (described < bytes)
        {
            Drive.Stats.Done(kind, bytes, started);
            engine.Finish(stayActive: false);
            return;
        }

        int perPass = _dmaBuffer.Length / SectorSize;
        long at = sector;
        int left = count;
        try
        {
            while (left > 0)
            {
                int n = Math.Min(left, perPass);
                Span<byte> block = _dmaBuffer.AsSpan(0, n * SectorSize);
                if (_dmaWrite)
                {
                    engine.Move(block, toMemory: false);
                    BlockWriteFlags flags = WriteCacheEnabled ? BlockWriteFlags.None : BlockWriteFlags.ForceUnitAccess;
                    medium.Write(at * SectorSize, block, flags);
                }
                else
                {
                    medium.Read(at * SectorSize, block);
                    engine.Move(block, toMemory: true);
                }

                at += n;
                left -= n;
            }
        }
        catch (BlockException)
        {
            Drive.Stats.Failed(kind, started);
            RequestFailed();
            engine.Finish(stayActive: false);
            return;
        }

        Drive.Stats.Done(kind, bytes, started);
        SetCurrentSector(at);
        SectorCount = 0;
        RaiseIrq();
        engine.Finish(stayActive: described / SectorSize > count);
    }
}
