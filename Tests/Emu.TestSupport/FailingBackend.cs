using Emu.Devices.Block;

namespace Emu.TestSupport;

/// <summary>
/// An in-memory image whose reads and writes fail with <see cref="Error"/> while
/// <see cref="Failing"/> is set: the host's I/O error, for the werror/rerror paths.
/// </summary>
public sealed class FailingBackend : IBlockBackend
{
    private readonly MemoryBackend _inner;

    public FailingBackend(byte[] data)
    {
        _inner = new MemoryBackend(data);
    }

    public bool Failing { get; set; } = true;

    public BlockError Error { get; set; } = BlockError.Io;

    public byte[] Data => _inner.Data;

    public string Format => _inner.Format;

    public string FileName => _inner.FileName;

    public long Length => _inner.Length;

    public bool IsReadOnly => false;

    public void Read(long offset, Span<byte> destination)
    {
        Fail();
        _inner.Read(offset, destination);
    }

    public void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None)
    {
        Fail();
        _inner.Write(offset, source, flags);
    }

    public void Flush() => Fail();

    public void Discard(long offset, long length) => _inner.Discard(offset, length);

    public void WriteZeroes(long offset, long length, ZeroFlags flags) => _inner.WriteZeroes(offset, length, flags);

    public BlockStatus GetStatus(long offset, long length, out long extentLength) => _inner.GetStatus(offset, length, out extentLength);

    public void Dispose() => _inner.Dispose();

    private void Fail()
    {
        if (Failing)
        {
            throw new BlockException(Error, "injected host I/O error");
        }
    }
}
