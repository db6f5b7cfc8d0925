using Emu.Devices.Block;

namespace Emu.TestSupport;

/// <summary>A read-only image of any size that reads as zeroes (for geometry tests of large disks).</summary>
public sealed class ZeroBackend : IBlockBackend
{
    public ZeroBackend(long length)
    {
        Length = length;
    }

    public string Format => "raw";

    public string FileName => "zeroes";

    public long Length { get; }

    public bool IsReadOnly => true;

    public void Read(long offset, Span<byte> destination) => destination.Clear();

    public void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None) =>
        throw new BlockException(BlockError.ReadOnly, "zeroes is read-only");

    public void Flush()
    {
    }

    public void Discard(long offset, long length)
    {
    }

    public void WriteZeroes(long offset, long length, ZeroFlags flags)
    {
    }

    public BlockStatus GetStatus(long offset, long length, out long extentLength)
    {
        extentLength = length;
        return BlockStatus.Data;
    }

    public void Dispose()
    {
    }
}
