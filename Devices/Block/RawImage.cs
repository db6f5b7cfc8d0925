using Microsoft.Win32.SafeHandles;

namespace Emu.Devices.Block;

/// <summary>
/// A raw image: guest offset = file offset. Positional reads and writes (<see cref="RandomAccess"/>)
/// need no shared file position, so concurrent callers need no lock.
/// </summary>
public sealed class RawImage : IBlockBackend
{
    private readonly SafeFileHandle _handle;

    private RawImage(string fileName, SafeFileHandle handle, bool readOnly)
    {
        FileName = fileName;
        _handle = handle;
        IsReadOnly = readOnly;
        Length = RandomAccess.GetLength(handle);
    }

    public string Format => "raw";

    public string FileName { get; }

    public long Length { get; }

    public bool IsReadOnly { get; }

    public static RawImage Open(string fileName, bool readOnly)
    {
        FileAccess access = readOnly ? FileAccess.Read : FileAccess.ReadWrite;
        SafeFileHandle handle = File.OpenHandle(fileName, FileMode.Open, access, FileShare.ReadWrite);
        return new RawImage(fileName, handle, readOnly);
    }

    public void Read(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        int done = 0;
        while (done < destination.Length)
        {
            int n = RandomAccess.Read(_handle, destination[done..], offset + done);
            if (n == 0)
            {
                destination[done..].Clear();
                break;
            }

            done += n;
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None)
    {
        CheckWritable();
        CheckRange(offset, source.Length);
        RandomAccess.Write(_handle, source, offset);
        if ((flags & BlockWriteFlags.ForceUnitAccess) != 0)
        {
            Flush();
        }
    }

    public void Flush() => RandomAccess.FlushToDisk(_handle);

    /// <summary>QEMU's default for raw is discard=ignore: the range keeps its contents.</summary>
    public void Discard(long offset, long length)
    {
        CheckWritable();
        CheckRange(offset, length);
    }

    public void WriteZeroes(long offset, long length, ZeroFlags flags)
    {
        CheckWritable();
        CheckRange(offset, length);
        if ((flags & ZeroFlags.FastOnly) != 0)
        {
            throw new BlockException(BlockError.NotSupported, "fast zeroing is not supported on this raw image");
        }

        Span<byte> zeroes = stackalloc byte[4096];
        zeroes.Clear();
        for (long done = 0; done < length;)
        {
            int chunk = (int)Math.Min(zeroes.Length, length - done);
            RandomAccess.Write(_handle, zeroes[..chunk], offset + done);
            done += chunk;
        }
    }

    /// <summary>Without hole detection every byte of a raw file counts as data.</summary>
    public BlockStatus GetStatus(long offset, long length, out long extentLength)
    {
        CheckRange(offset, length);
        extentLength = length;
        return BlockStatus.Data;
    }

    public void Dispose() => _handle.Dispose();

    private void CheckWritable()
    {
        if (IsReadOnly)
        {
            throw new BlockException(BlockError.ReadOnly, $"{FileName} is read-only");
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
