using System.Buffers.Binary;
using Emu.Devices.Block;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Runs one transmission request against the export's backend and lays out its reply in the
/// slot: validation in QEMU's order (<c>nbd_co_receive_request</c>, nbd.md §4.3), simple replies
/// for successful non-read commands even in structured mode, sparse structured reads, and
/// base:allocation extents. Runs on a thread-pool thread; the backend is safe for that.
/// </summary>
internal sealed class NbdCommandExecutor
{
    private readonly NbdExport _export;
    private readonly IBlockBackend _backend;
    private readonly bool _structured;
    private readonly bool _baseAllocation;
    private readonly bool _rawFile;

    public NbdCommandExecutor(NbdExport export, bool structured, bool baseAllocation)
    {
        _export = export;
        _backend = export.Backend;
        _structured = structured;
        _baseAllocation = baseAllocation;

        // QEMU's server asks for block status without "want zero" (nbd/server.c), and for a raw
        // file that answers "data" for the whole range without probing for holes: a raw export
        // is all data both in base:allocation and in sparse reads. qcow2 answers from its map.
        _rawFile = _backend.Format == "raw";
    }

    public void Run(NbdRequestSlot slot)
    {
        NbdRequest request = slot.Request;
        string? invalid = Validate(request);
        if (invalid is not null)
        {
            Error(slot, NbdProtocol.ErrInvalid, invalid);
            return;
        }

        try
        {
            switch (request.Type)
            {
                case NbdProtocol.CmdRead:
                    Read(slot);
                    break;
                case NbdProtocol.CmdWrite:
                    BlockWriteFlags writeFlags = (request.Flags & NbdProtocol.CmdFlagFua) != 0
                        ? BlockWriteFlags.ForceUnitAccess
                        : BlockWriteFlags.None;
                    _backend.Write((long)request.Offset, slot.Rented.AsSpan(0, (int)request.Length), writeFlags);
                    Success(slot);
                    break;
                case NbdProtocol.CmdFlush:
                    _backend.Flush();
                    Success(slot);
                    break;
                case NbdProtocol.CmdTrim:
                    _backend.Discard((long)request.Offset, request.Length);
                    FlushIfFua(request);
                    Success(slot);
                    break;
                case NbdProtocol.CmdWriteZeroes:
                    WriteZeroes(request);
                    Success(slot);
                    break;
                case NbdProtocol.CmdCache:
                    // A prefetch hint: the page cache does this job for Emu's image files.
                    Success(slot);
                    break;
                case NbdProtocol.CmdBlockStatus:
                    BlockStatus(slot);
                    break;
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            Error(slot, NbdErrno.FromException(failure), FailureMessage(request.Type));
        }
    }

    /// <summary>QEMU's checks after the header (and WRITE payload) were read; null when the request is valid.</summary>
    private string? Validate(NbdRequest request)
    {
        ushort type = request.Type;
        if (!_export.IsWritable && type is NbdProtocol.CmdWrite or NbdProtocol.CmdWriteZeroes or NbdProtocol.CmdTrim)
        {
            // QEMU builds EROFS here but sends every validation failure as EINVAL (nbd.md §8.4).
            return "Export is read-only";
        }

        ulong size = (ulong)_export.Size;
        if (request.Offset > size || request.Length > size - request.Offset)
        {
            return $"operation past EOF; From: {request.Offset}, Len: {request.Length}, Size: {size}";
        }

        ushort valid = NbdProtocol.CmdFlagFua;
        if (type == NbdProtocol.CmdRead && _structured)
        {
            valid |= NbdProtocol.CmdFlagDf;
        }
        else if (type == NbdProtocol.CmdWriteZeroes)
        {
            valid |= NbdProtocol.CmdFlagNoHole | NbdProtocol.CmdFlagFastZero;
        }
        else if (type == NbdProtocol.CmdBlockStatus)
        {
            valid |= NbdProtocol.CmdFlagReqOne;
        }

        if ((request.Flags & ~valid) != 0)
        {
            return $"unsupported flags for command {NbdProtocol.CommandName(type)} (got 0x{request.Flags:x})";
        }

        if (type > NbdProtocol.CmdBlockStatus || type == NbdProtocol.CmdDisc)
        {
            return $"invalid request type ({type}) received";
        }

        if (type == NbdProtocol.CmdBlockStatus)
        {
            if (request.Length == 0)
            {
                return "need non-zero length";
            }

            if (!_baseAllocation)
            {
                return "CMD_BLOCK_STATUS not negotiated";
            }
        }

        return null;
    }

    private void Read(NbdRequestSlot slot)
    {
        NbdRequest request = slot.Request;
        long offset = (long)request.Offset;
        int length = (int)request.Length;
        if ((request.Flags & NbdProtocol.CmdFlagFua) != 0)
        {
            _backend.Flush();
        }

        if (!_structured)
        {
            byte[] simple = slot.Rent(NbdProtocol.SimpleReplySize + length);
            _backend.Read(offset, simple.AsSpan(NbdProtocol.SimpleReplySize, length));
            NbdReplyEncoder.WriteSimple(simple, 0, request.Cookie);
            slot.Reply = simple.AsMemory(0, NbdProtocol.SimpleReplySize + length);
            return;
        }

        if (length == 0)
        {
            NbdReplyEncoder.WriteChunkHeader(slot.Small, NbdProtocol.ChunkFlagDone, NbdProtocol.ChunkNone, request.Cookie, 0);
            slot.Reply = slot.Small.AsMemory(0, NbdProtocol.ChunkHeaderSize);
            return;
        }

        int count = (request.Flags & NbdProtocol.CmdFlagDf) != 0
            ? SingleExtent(slot.Extents, offset, length)
            : SparseExtents(slot.Extents, offset, length);
        int size = 0;
        for (int i = 0; i < count; i++)
        {
            size += slot.Extents[i].Zero ? NbdProtocol.ChunkHeaderSize + 12 : NbdProtocol.ChunkHeaderSize + 8 + (int)slot.Extents[i].Length;
        }

        byte[] buffer = slot.Rent(size);
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            ref NbdExtent extent = ref slot.Extents[i];
            ushort done = i == count - 1 ? NbdProtocol.ChunkFlagDone : (ushort)0;
            Span<byte> chunk = buffer.AsSpan(position);
            BinaryPrimitives.WriteUInt64BigEndian(chunk[NbdProtocol.ChunkHeaderSize..], (ulong)extent.Offset);
            if (extent.Zero)
            {
                NbdReplyEncoder.WriteChunkHeader(chunk, done, NbdProtocol.ChunkOffsetHole, request.Cookie, 12);
                BinaryPrimitives.WriteUInt32BigEndian(chunk[(NbdProtocol.ChunkHeaderSize + 8)..], (uint)extent.Length);
                position += NbdProtocol.ChunkHeaderSize + 12;
            }
            else
            {
                NbdReplyEncoder.WriteChunkHeader(chunk, done, NbdProtocol.ChunkOffsetData, request.Cookie, (uint)(8 + extent.Length));
                _backend.Read(extent.Offset, chunk.Slice(NbdProtocol.ChunkHeaderSize + 8, (int)extent.Length));
                position += NbdProtocol.ChunkHeaderSize + 8 + (int)extent.Length;
            }
        }

        slot.Reply = buffer.AsMemory(0, position);
    }

    private static int SingleExtent(NbdExtent[] extents, long offset, long length)
    {
        extents[0] = new NbdExtent { Offset = offset, Length = length, Zero = false };
        return 1;
    }

    /// <summary>
    /// Splits a READ into data and hole runs by allocation status, as QEMU's sparse read does
    /// (nbd.md §4.5): a run that reads as zeroes goes as OFFSET_HOLE. Past the chunk limit the
    /// rest of the range is sent as data.
    /// </summary>
    private int SparseExtents(NbdExtent[] extents, long offset, long length)
    {
        int count = 0;
        long end = offset + length;
        while (offset < end)
        {
            if (count == extents.Length - 1)
            {
                extents[count++] = new NbdExtent { Offset = offset, Length = end - offset, Zero = false };
                break;
            }

            BlockStatus status = Status(offset, end - offset, out long run);
            bool zero = (status & Devices.Block.BlockStatus.Zero) != 0;
            if (count > 0 && extents[count - 1].Zero == zero)
            {
                extents[count - 1].Length += run;
            }
            else
            {
                extents[count++] = new NbdExtent { Offset = offset, Length = run, Zero = zero };
            }

            offset += run;
        }

        return count;
    }

    private void WriteZeroes(NbdRequest request)
    {
        ZeroFlags flags = ZeroFlags.None;
        if ((request.Flags & NbdProtocol.CmdFlagNoHole) == 0)
        {
            flags |= ZeroFlags.MayUnmap;
        }

        if ((request.Flags & NbdProtocol.CmdFlagFastZero) != 0)
        {
            flags |= ZeroFlags.FastOnly;
        }

        _backend.WriteZeroes((long)request.Offset, request.Length, flags);
        FlushIfFua(request);
    }

    /// <summary>base:allocation extents (nbd.md §4.7): HOLE = not data, ZERO = reads as zeroes, equal runs merged.</summary>
    private void BlockStatus(NbdRequestSlot slot)
    {
        NbdRequest request = slot.Request;
        bool one = (request.Flags & NbdProtocol.CmdFlagReqOne) != 0;
        const int Header = NbdProtocol.ChunkHeaderSize + 4;
        byte[] buffer = slot.Small;
        int count = 0;
        long offset = (long)request.Offset;
        long end = offset + request.Length;
        uint lastFlags = 0;
        while (offset < end)
        {
            BlockStatus status = Status(offset, end - offset, out long run);
            uint flags = (uint)status & 3;
            if (count > 0 && flags == lastFlags)
            {
                int at = Header + ((count - 1) * 8);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at), BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(at)) + (uint)run);
            }
            else
            {
                if ((one && count == 1) || count == NbdServerLimits.MaxExtents)
                {
                    break;
                }

                if (Header + ((count + 1) * 8) > buffer.Length)
                {
                    byte[] larger = NbdBufferPool.Shared.Rent(Math.Min(buffer.Length * 4, Header + (NbdServerLimits.MaxExtents * 8)));
                    buffer.AsSpan(0, Header + (count * 8)).CopyTo(larger);
                    slot.ReturnBuffer();
                    buffer = larger;
                    slot.Adopt(larger);
                }

                int at = Header + (count * 8);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at), (uint)run);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at + 4), flags);
                lastFlags = flags;
                count++;
            }

            offset += run;
        }

        int payload = 4 + (count * 8);
        NbdReplyEncoder.WriteChunkHeader(buffer, NbdProtocol.ChunkFlagDone, NbdProtocol.ChunkBlockStatus, request.Cookie, (uint)payload);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(NbdProtocol.ChunkHeaderSize), NbdProtocol.BaseAllocationId);
        slot.Reply = buffer.AsMemory(0, NbdProtocol.ChunkHeaderSize + payload);
    }

    /// <summary>The allocation status of the run at <paramref name="offset"/>, at least one byte and at most <paramref name="length"/>.</summary>
    private BlockStatus Status(long offset, long length, out long run)
    {
        if (_rawFile)
        {
            run = length;
            return Devices.Block.BlockStatus.Data;
        }

        BlockStatus status = _backend.GetStatus(offset, length, out run);
        if (run <= 0 || run > length)
        {
            run = length;
        }

        return status;
    }

    private void FlushIfFua(NbdRequest request)
    {
        if ((request.Flags & NbdProtocol.CmdFlagFua) != 0)
        {
            _backend.Flush();
        }
    }

    private static void Success(NbdRequestSlot slot)
    {
        slot.ReturnBuffer();
        NbdReplyEncoder.WriteSimple(slot.Small, 0, slot.Request.Cookie);
        slot.Reply = slot.Small.AsMemory(0, NbdProtocol.SimpleReplySize);
    }

    private void Error(NbdRequestSlot slot, uint errno, string message)
    {
        slot.ReturnBuffer();
        int length = NbdReplyEncoder.WriteError(slot.Small, _structured, slot.Request.Cookie, errno, message);
        slot.Reply = slot.Small.AsMemory(0, length);
    }

    /// <summary>QEMU's message for a failed command (nbd.md §4.4).</summary>
    private static string FailureMessage(ushort type) => type switch
    {
        NbdProtocol.CmdRead => "reading from file failed",
        NbdProtocol.CmdWrite or NbdProtocol.CmdWriteZeroes => "writing to file failed",
        NbdProtocol.CmdFlush => "flush failed",
        NbdProtocol.CmdTrim => "discard failed",
        NbdProtocol.CmdCache => "caching data failed",
        _ => "can't get block status",
    };
}
