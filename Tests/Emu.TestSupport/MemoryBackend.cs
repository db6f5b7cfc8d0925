using Emu.Devices.Block;

namespace Emu.TestSupport;

/// <summary>An in-memory disk image (a byte array) for tests and for built-in guests.</summary>
public sealed class MemoryBackend : IBlockBackend
{
    private readonly byte[] _data;

    public MemoryBackend(byte[] data, bool readOnly = false, string fileName = "memory")
    {
        _data = data;
        IsReadOnly = readOnly;
        FileName = fileName;
    }

    public byte[] Data => _data;

    public string Format => "raw";

    public string FileName { get; }

    public long Length => _data.Length;

    public bool IsReadOnly { get; }

    public void Read(long offset, Span<byte> destination)
    {
        Check(offset, destination.Length);
        _data.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    public void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None)
    {
        if (IsReadOnly)
        {
            throw new BlockException(BlockError.ReadOnly, $"{FileName} is read-only");
        }

        Check(offset, source.Length);
        source.CopyTo(_data.AsSpan((int)offset));
    }

    public void Flush()
    {
    }

    public void Discard(long offset, long length) => Check(offset, length);

    public void WriteZeroes(long offset, long length, ZeroFlags flags)
    {
        Check(offset, length);
        _data.AsSpan((int)offset, (int)length).Clear();
    }

    public BlockStatus GetStatus(long offset, long length, out long extentLength)
    {
        extentLength = length;
        return BlockStatus.Data;
    }

    /// <summary>How many times the backend was disposed (closed).</summary>
    public int DisposeCount { get; private set; }

    public void Dispose() => DisposeCount++;

    private void Check(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > _data.Length - length)
        {
            throw new BlockException(BlockError.InvalidArgument, $"access {offset}+{length} is outside {FileName}");
        }
    }
}
