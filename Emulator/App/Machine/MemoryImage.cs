using Emu.Devices.Block;

namespace Emu.App.Machine;

/// <summary>A read-only disk image held in memory (the built-in demo guest).</summary>
public sealed class MemoryImage : IBlockBackend
{
    private readonly byte[] _data;

    public MemoryImage(byte[] data, string name)
    {
        _data = data;
        FileName = name;
    }

    public string Format => "raw";

    public string FileName { get; }

    public long Length => _data.Length;

    public bool IsReadOnly => true;

    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > _data.Length - destination.Length)
        {
            throw new BlockException(BlockError.InvalidArgument, $"access {offset}+{destination.Length} is outside {FileName}");
        }

        _data.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    public void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None) =>
        throw new BlockException(BlockError.ReadOnly, $"{FileName} is read-only");

    public void Flush()
    {
    }

    public void Discard(long offset, long length) => throw new BlockException(BlockError.ReadOnly, $"{FileName} is read-only");

    public void WriteZeroes(long offset, long length, ZeroFlags flags) => throw new BlockException(BlockError.ReadOnly, $"{FileName} is read-only");

    public BlockStatus GetStatus(long offset, long length, out long extentLength)
    {
        extentLength = length;
        return BlockStatus.Data;
    }

    public void Dispose()
    {
    }
}
