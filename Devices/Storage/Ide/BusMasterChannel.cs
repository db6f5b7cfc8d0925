using System.Buffers.Binary;
using Emu.Core.Memory;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// One channel's half of the PIIX3 bus-master IDE engine (SFF-8038i; QEMU <c>hw/ide/pci.c</c>,
/// spec ide-atapi-bios.md A.9): the Command register (SSBM bit 0, direction bit 3), the Status
/// register (Active, Error and Interrupt, the two "DMA capable" bits) and the PRD table address.
/// A unit with a DMA command waiting runs it when SSBM is set (or at once if it already is).
/// The transfer walks the PRD table from its base, QEMU's way: every entry up to EOT (or 512
/// entries, a 4 KiB table) is taken; a table shorter than the transfer moves nothing; a longer
/// one leaves Active set. Each PRD byte range is clipped to the 4 GiB space and moved through
/// <see cref="PhysicalMemory.DmaWrite"/>/<see cref="PhysicalMemory.DmaRead"/> (past the A20 gate,
/// never past RAM), as is the table; with PCI bus mastering off the table and data read as
/// zeros and writes are dropped, as QEMU's disabled bus-master window does.
/// </summary>
public sealed class BusMasterChannel
{
    public const byte CommandStart = 0x01;
    public const byte CommandToMemory = 0x08;
    public const byte StatusActive = 0x01;
    public const byte StatusError = 0x02;
    public const byte StatusInterrupt = 0x04;
    public const byte StatusDriveCapable = 0x60;

    /// <summary>QEMU stops reading PRDs after one page of table (fail-safe).</summary>
    public const int MaxEntries = 4096 / 8;

    private readonly PhysicalMemory _memory;
    private readonly Func<bool> _masterEnabled;
    private readonly uint[] _segmentAddress = new uint[MaxEntries];
    private readonly uint[] _segmentLength = new uint[MaxEntries];
    private int _segments;
    private int _segment;
    private uint _segmentOffset;
    private long _remaining;

    public BusMasterChannel(IdeChannel channel, PhysicalMemory memory, Func<bool> masterEnabled)
    {
        Channel = channel;
        _memory = memory;
        _masterEnabled = masterEnabled;
        channel.BusMaster = this;
    }

    public IdeChannel Channel { get; }

    public byte Command { get; private set; }

    public byte Status { get; private set; }

    /// <summary>The PRD table's physical address (bits 1-0 always 0).</summary>
    public uint PrdTable { get; private set; }

    public void WriteCommand(byte value)
    {
        bool start = (value & CommandStart) != 0;
        Command = (byte)(value & (CommandStart | CommandToMemory));
        if (!start)
        {
            // Stopping cancels a transfer in progress; Emu's transfers finish at once, so only Active remains.
            Status &= unchecked((byte)~StatusActive);
            return;
        }

        if ((Status & StatusActive) != 0)
        {
            return; // already running (QEMU bmdma_cmd_writeb looks at Active only)
        }

        Status |= StatusActive;
        IdeDevice unit = Channel[Channel.SelectedUnit];
        if (unit.DmaPending)
        {
            unit.RunDma(this);
        }
    }

    /// <summary>Status write: Active is read-only, Error and Interrupt clear when written with 1, bits 5-6 are storage.</summary>
    public void WriteStatus(byte value) =>
        Status = (byte)((value & StatusDriveCapable) | (Status & StatusActive) | (Status & ~value & (StatusError | StatusInterrupt)));

    public void WritePrdTable(uint value) => PrdTable = value & ~3u;

    public void Reset()
    {
        Command = 0;
        Status = 0;
        PrdTable = 0;
        _segments = 0;
    }

    /// <summary>Restores the registers from a saved state.</summary>
    public void Restore(byte command, byte status, uint prdTable)
    {
        Command = (byte)(command & (CommandStart | CommandToMemory));
        Status = (byte)(status & (StatusActive | StatusError | StatusInterrupt | StatusDriveCapable));
        PrdTable = prdTable & ~3u;
    }

    /// <summary>The channel raised its IRQ (QEMU <c>bmdma_irq</c>).</summary>
    internal void OnIrq() => Status |= StatusInterrupt;

    /// <summary>A unit's DMA command is ready: it runs now if SSBM is already set.</summary>
    internal void DeviceRequested(IdeDevice unit)
    {
        if ((Status & StatusActive) != 0)
        {
            unit.RunDma(this);
        }
    }

    /// <summary>
    /// Reads the PRD table from its base (QEMU <c>bmdma_prepare_buf</c>) and returns how many
    /// bytes it describes; <see cref="Move"/> then moves data through it, at most
    /// <paramref name="limit"/> bytes.
    /// </summary>
    internal long PrepareTable(long limit)
    {
        bool master = _masterEnabled();
        long total = 0;
        _segments = 0;
        uint entry = PrdTable;
        Span<byte> prd = stackalloc byte[8];
        for (int i = 0; i < MaxEntries; i++, entry += 8)
        {
            if (master)
            {
                _memory.DmaRead(entry, prd);
            }
            else
            {
                prd.Clear();
            }

            uint address = BinaryPrimitives.ReadUInt32LittleEndian(prd);
            uint control = BinaryPrimitives.ReadUInt32LittleEndian(prd[4..]);
            uint length = control & 0xFFFE;
            if (length == 0)
            {
                length = 0x10000; // a count of 0 means 64 KiB (SFF-8038i)
            }

            _segmentAddress[_segments] = address;
            _segmentLength[_segments] = length;
            _segments++;
            total += length;
            if ((control & 0x8000_0000) != 0)
            {
                break;
            }
        }

        _segment = 0;
        _segmentOffset = 0;
        _remaining = Math.Min(total, limit);
        return total;
    }

    /// <summary>Moves <paramref name="data"/> to guest memory (or fills it from guest memory) along the prepared table.</summary>
    internal void Move(Span<byte> data, bool toMemory)
    {
        bool master = _masterEnabled();
        int done = 0;
        while (done < data.Length && _remaining > 0 && _segment < _segments)
        {
            uint left = _segmentLength[_segment] - _segmentOffset;
            int chunk = (int)Math.Min(Math.Min(left, (uint)(data.Length - done)), _remaining);
            ulong address = (ulong)_segmentAddress[_segment] + _segmentOffset;
            int inSpace = (int)Math.Min((ulong)chunk, address >= 1UL << 32 ? 0 : (1UL << 32) - address);
            Span<byte> part = data.Slice(done, chunk);
            if (!toMemory && !master)
            {
                part.Clear();
            }
            else if (toMemory && master && inSpace > 0)
            {
                _memory.DmaWrite((uint)address, part[..inSpace]);
            }
            else if (!toMemory)
            {
                part.Clear();
                if (inSpace > 0)
                {
                    _memory.DmaRead((uint)address, part[..inSpace]);
                }
            }

            done += chunk;
            _remaining -= chunk;
            _segmentOffset += (uint)chunk;
            if (_segmentOffset == _segmentLength[_segment])
            {
                _segment++;
                _segmentOffset = 0;
            }
        }
    }

    /// <summary>The transfer is over: Active stays set only when the table described more than was moved.</summary>
    internal void Finish(bool stayActive)
    {
        if (!stayActive)
        {
            Status &= unchecked((byte)~StatusActive);
        }
    }
}
