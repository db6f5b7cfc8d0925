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

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        if (IsReadOnly)
        {
            throw new IOException($"{FileName} is read-only");
        }

        CheckRange(offset, source.Length);
        RandomAccess.Write(_handle, source, offset);
    }

    public void Flush() => RandomAccess.FlushToDisk(_handle);

    public void Dispose() => _handle.Dispose();

    private void CheckRange(long offset, int count)
    {
        if (offset < 0 || count < 0 || offset > Length - count)
        {
            throw new IOException($"access {offset}+{count} is outside {FileName} ({Length} bytes)");
        }
    }
}
