namespace Emu.Devices.Block;

/// <summary>
/// A raw image: guest offset = file offset. Positional reads and writes (<see cref="RandomAccess"/>)
/// need no shared file position, so concurrent callers need no lock: the locking rule is that
/// there is none, and requests that overlap in time may complete in either order, as on a disk.
/// Holes are found with lseek SEEK_DATA/SEEK_HOLE; with discard=unmap, discards and unmapping
/// zero-writes punch holes (fallocate).
/// </summary>
public sealed class RawImage : IBlockBackend
{
    private readonly HostFile _file;
    private readonly bool _restrictBlockZero;
    private readonly DiscardMode _discard;
    private readonly WriteHighWater _written = new();

    internal RawImage(HostFile file, bool readOnly, bool restrictBlockZero, DiscardMode discard)
    {
        _file = file;
        IsReadOnly = readOnly;
        _restrictBlockZero = restrictBlockZero;
        _discard = discard;
        Length = file.Length;
    }

    public string Format => "raw";

    public string FileName => _file.Path;

    public long Length { get; }

    public bool IsReadOnly { get; }

    public long HighestWriteEnd => _written.Value;

    public HostFile File => _file;

    /// <summary>Opens with format=raw given explicitly, default options and QEMU's locks.</summary>
    public static RawImage Open(string fileName, bool readOnly) =>
        (RawImage)BlockImage.Open(fileName, new BlockOpenOptions { Format = "raw", ReadOnly = readOnly });

    public void Read(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        _file.Read(offset, destination);
    }

    public void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None)
    {
        CheckWritable();
        CheckRange(offset, source.Length);
        if (_restrictBlockZero && offset < FormatProbe.SectorSize && source.Length > 0)
        {
            CheckBlockZero(offset, source);
        }

        _file.Write(offset, source);
        _written.Record(offset, source.Length);
        if ((flags & BlockWriteFlags.ForceUnitAccess) != 0 || _file.WriteThrough)
        {
            _file.Sync();
        }
    }

    public void Flush()
    {
        if (!IsReadOnly)
        {
            _file.Sync();
        }
    }

    /// <summary>With discard=unmap the range becomes a hole; with QEMU's default discard=ignore nothing happens.</summary>
    public void Discard(long offset, long length)
    {
        CheckWritable();
        CheckRange(offset, length);
        if (_discard == DiscardMode.Unmap && length > 0)
        {
            _file.Discard(offset, length);
        }
    }

    public void WriteZeroes(long offset, long length, ZeroFlags flags)
    {
        CheckWritable();
        CheckRange(offset, length);
        if (length == 0)
        {
            return;
        }

        ZeroRange(offset, length, flags);
        _written.Record(offset, length);
    }

    private void ZeroRange(long offset, long length, ZeroFlags flags)
    {
        if ((flags & ZeroFlags.MayUnmap) != 0 && _discard == DiscardMode.Unmap && _file.PunchHole(offset, length))
        {
            return;
        }

        if (_file.ZeroRange(offset, length))
        {
            return;
        }

        if ((flags & ZeroFlags.FastOnly) != 0)
        {
            throw new BlockException(BlockError.NotSupported, "fast zeroing is not supported on this raw image");
        }

        Span<byte> zeroes = stackalloc byte[4096];
        zeroes.Clear();
        for (long done = 0; done < length;)
        {
            int chunk = (int)Math.Min(zeroes.Length, length - done);
            _file.Write(offset + done, zeroes[..chunk]);
            done += chunk;
        }
    }

    /// <summary>Data, or a hole reading as zeroes (QEMU reports raw holes as NBD hole+zero).</summary>
    public BlockStatus GetStatus(long offset, long length, out long extentLength)
    {
        CheckRange(offset, length);
        bool data = _file.IsData(offset, offset + length, out long end);
        extentLength = end - offset;
        return data ? BlockStatus.Data : BlockStatus.Hole | BlockStatus.Zero;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>
    /// A probed raw image may not have block 0 turned into another format's header
    /// (image-locking.md §6): the sector as it would be after the write is probed, and a hit is EPERM.
    /// </summary>
    private void CheckBlockZero(long offset, ReadOnlySpan<byte> source)
    {
        Span<byte> sector = stackalloc byte[FormatProbe.SectorSize];
        _file.Read(0, sector);
        int count = (int)Math.Min(source.Length, FormatProbe.SectorSize - offset);
        source[..count].CopyTo(sector[(int)offset..]);
        if (FormatProbe.Detect(sector) is not null)
        {
            throw new BlockException(BlockError.ReadOnly, "Operation not permitted");
        }
    }

    private void CheckWritable()
    {
        if (IsReadOnly)
        {
            throw new BlockException(BlockError.ReadOnly, "Block node is read-only");
        }
    }

    private void CheckRange(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset > Length - count)
        {
            throw new BlockException(BlockError.InvalidArgument, $"access {offset}+{count} is outside {FileName} ({Length} bytes)");
        }
    }
}
