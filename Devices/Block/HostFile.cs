using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Emu.Devices.Block;

/// <summary>
/// A host file under an image: positional reads and writes (no shared file position, so any
/// thread may call at any time), flushing according to the <see cref="CacheMode"/>, hole
/// detection and punching, and QEMU-compatible byte-range locks held on this descriptor.
/// Reads past the end of the file return zeroes, as QEMU's do.
/// </summary>
public sealed class HostFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly int _fd;
    private long _discardsOk;
    private long _discardBytesOk;
    private long _discardsFailed;
    private bool _holesUnsupported;
    private bool _locked;

    private HostFile(string path, SafeFileHandle handle, bool writable, CacheMode cache)
    {
        Path = path;
        _handle = handle;
        _fd = (int)handle.DangerousGetHandle();
        Writable = writable;
        Cache = cache;
        End = RandomAccess.GetLength(handle);
    }

    public string Path { get; }

    public bool Writable { get; }

    public CacheMode Cache { get; }

    /// <summary>Every write is followed by a flush (cache=writethrough/directsync).</summary>
    public bool WriteThrough => Cache is CacheMode.Writethrough or CacheMode.DirectSync;

    public long Length => RandomAccess.GetLength(_handle);

    /// <summary>
    /// The end of the file as this process has made it: the length at open, raised by every write
    /// and set by <see cref="SetLength"/>. Used by qcow2 (under its lock) to know that a cluster
    /// past it reads as zeroes without a syscall.
    /// </summary>
    public long End { get; private set; }

    /// <summary>The highest host-file range written or zeroed (query-blockstats' protocol node).</summary>
    public WriteHighWater Written { get; } = new();

    /// <summary>Discards that deallocated their range, and their bytes (QEMU file-posix discard-nb-ok, discard-bytes-ok).</summary>
    public long DiscardsOk => Interlocked.Read(ref _discardsOk);

    public long DiscardBytesOk => Interlocked.Read(ref _discardBytesOk);

    /// <summary>Discards the file system refused (QEMU discard-nb-failed).</summary>
    public long DiscardsFailed => Interlocked.Read(ref _discardsFailed);

    /// <summary>
    /// Opens <paramref name="path"/>; a missing or unreadable file gives QEMU's text
    /// ("Could not open 'x': No such file or directory").
    /// </summary>
    public static HostFile Open(string path, bool writable, CacheMode cache)
    {
        try
        {
            SafeFileHandle handle = File.OpenHandle(
                path,
                FileMode.Open,
                writable ? FileAccess.ReadWrite : FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete);
            return new HostFile(path, handle, writable, cache);
        }
        catch (FileNotFoundException)
        {
            throw OpenError(path, "No such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw OpenError(path, "No such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw OpenError(path, "Permission denied");
        }
        catch (IOException e)
        {
            throw OpenError(path, e.Message);
        }
        catch (ArgumentException)
        {
            // A name no file can have (a NUL byte, e.g. a damaged backing file name).
            throw OpenError(path, "Invalid argument");
        }
    }

    /// <summary>Creates (or truncates) a file for a new image.</summary>
    public static HostFile Create(string path, CacheMode cache)
    {
        try
        {
            SafeFileHandle handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return new HostFile(path, handle, true, cache);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BlockException(BlockError.Io, $"Could not create '{path}': {e.Message}", e);
        }
    }

    public static BlockException OpenError(string path, string reason, string? hint = null) =>
        new(BlockError.Io, $"Could not open '{path}': {reason}", null) { Reason = reason, Hint = hint };

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes; bytes past end of file read as zero.</summary>
    public void Read(long offset, Span<byte> destination)
    {
        try
        {
            int done = 0;
            while (done < destination.Length)
            {
                int n = RandomAccess.Read(_handle, destination[done..], offset + done);
                if (n == 0)
                {
                    destination[done..].Clear();
                    return;
                }

                done += n;
            }
        }
        catch (IOException e)
        {
            throw IoError(e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // An offset or length from a damaged image beyond what the file system allows.
            throw new BlockException(BlockError.Io, $"host file access out of range: {e.Message}", e);
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        try
        {
            RandomAccess.Write(_handle, source, offset);
            Written.Record(offset, source.Length);
            if (offset + source.Length > End)
            {
                End = offset + source.Length;
            }
        }
        catch (IOException e)
        {
            throw IoError(e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // An offset or length from a damaged image beyond what the file system allows.
            throw new BlockException(BlockError.Io, $"host file access out of range: {e.Message}", e);
        }
    }

    /// <summary>Makes written data durable, unless cache=unsafe.</summary>
    public void Sync()
    {
        if (Cache == CacheMode.Unsafe || !Writable)
        {
            return;
        }

        try
        {
            RandomAccess.FlushToDisk(_handle);
        }
        catch (IOException e)
        {
            throw IoError(e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // An offset or length from a damaged image beyond what the file system allows.
            throw new BlockException(BlockError.Io, $"host file access out of range: {e.Message}", e);
        }
    }

    public void SetLength(long length)
    {
        try
        {
            RandomAccess.SetLength(_handle, length);
            End = length;
        }
        catch (IOException e)
        {
            throw IoError(e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // An offset or length from a damaged image beyond what the file system allows.
            throw new BlockException(BlockError.Io, $"host file access out of range: {e.Message}", e);
        }
    }

    /// <summary>Deallocates a range, keeping the size (FALLOC_FL_PUNCH_HOLE); false if the filesystem cannot.</summary>
    public bool PunchHole(long offset, long length) => Zeroed(offset, length, Posix.FAllocate(_fd, Posix.FallocPunchHole | Posix.FallocKeepSize, offset, length) == 0);

    /// <summary>A guest's discard: <see cref="PunchHole"/>, counted as QEMU's raw_do_pdiscard counts it.</summary>
    public bool Discard(long offset, long length)
    {
        bool done = PunchHole(offset, length);
        if (done)
        {
            Interlocked.Increment(ref _discardsOk);
            Interlocked.Add(ref _discardBytesOk, length);
        }
        else
        {
            Interlocked.Increment(ref _discardsFailed);
        }

        return done;
    }

    /// <summary>Zeroes a range without writing data (FALLOC_FL_ZERO_RANGE); false if the filesystem cannot.</summary>
    public bool ZeroRange(long offset, long length) => Zeroed(offset, length, Posix.FAllocate(_fd, Posix.FallocZeroRange | Posix.FallocKeepSize, offset, length) == 0);

    private bool Zeroed(long offset, long length, bool done)
    {
        if (done)
        {
            Written.Record(offset, length);
        }

        return done;
    }

    /// <summary>
    /// Whether <paramref name="offset"/> lies in data or a hole (lseek SEEK_DATA/SEEK_HOLE), and
    /// where that extent ends (clipped to <paramref name="end"/>). Filesystems without hole
    /// support report everything as data.
    /// </summary>
    public bool IsData(long offset, long end, out long extentEnd)
    {
        extentEnd = end;
        if (_holesUnsupported)
        {
            return true;
        }

        long data = Posix.LSeek(_fd, offset, Posix.SeekData);
        if (data < 0)
        {
            if (Marshal.GetLastPInvokeError() == Posix.Enxio)
            {
                return false;
            }

            _holesUnsupported = true;
            return true;
        }

        if (data > offset)
        {
            extentEnd = Math.Min(data, end);
            return false;
        }

        long hole = Posix.LSeek(_fd, offset, Posix.SeekHole);
        if (hole > offset)
        {
            extentEnd = Math.Min(hole, end);
        }

        return true;
    }

    /// <summary>
    /// Takes QEMU's byte-range locks for the given permissions and checks for conflicts with other
    /// users (image-locking.md §3); throws with QEMU's texts on conflict.
    /// </summary>
    public void Lock(string displayName, LockPermissions held, LockPermissions unshared)
    {
        _locked = true;
        ImageLock.Apply(_fd, Path, displayName, held, unshared);
    }

    public void Dispose()
    {
        if (_locked && !_handle.IsClosed)
        {
            ImageLock.Release(_fd);
            _locked = false;
        }

        _handle.Dispose();
    }

    private static BlockException IoError(IOException e)
    {
        int errno = e.HResult & 0xFFFF;
        BlockError kind = errno == 28 ? BlockError.NoSpace : BlockError.Io;
        return new BlockException(kind, e.Message, e);
    }
}
