namespace Emu.Devices.Block;

/// <summary>
/// An open disk image as the disks, the BIOS, QMP and the NBD server see it: a byte-addressed
/// store of <see cref="Length"/> bytes. Implementations are safe for concurrent use by the
/// machine thread and server threads (each documents its locking rule). Failures throw
/// <see cref="BlockException"/> carrying an errno-style <see cref="BlockError"/>; guest-facing
/// code turns them into device errors, the NBD server into its errno.
/// </summary>
public interface IBlockBackend : IDisposable
{
    /// <summary>The format name as QEMU prints it ("raw", "qcow2").</summary>
    string Format { get; }

    /// <summary>The host file name the image was opened from.</summary>
    string FileName { get; }

    /// <summary>Virtual size in bytes.</summary>
    long Length { get; }

    bool IsReadOnly { get; }

    void Read(long offset, Span<byte> destination);

    /// <summary>Writes <paramref name="source"/>; with <see cref="BlockWriteFlags.ForceUnitAccess"/> it is on stable storage on return.</summary>
    void Write(long offset, ReadOnlySpan<byte> source, BlockWriteFlags flags = BlockWriteFlags.None);

    void Flush();

    /// <summary>Hints that a range is no longer needed; its contents become unspecified (may be a no-op, as with discard=ignore).</summary>
    void Discard(long offset, long length);

    /// <summary>Makes a range read as zeroes, unmapping it when <see cref="ZeroFlags.MayUnmap"/> allows.</summary>
    void WriteZeroes(long offset, long length, ZeroFlags flags);

    /// <summary>
    /// Allocation status of the extent starting at <paramref name="offset"/>: returns its kind and how
    /// many bytes from <paramref name="offset"/> (at most <paramref name="length"/>) share it.
    /// </summary>
    BlockStatus GetStatus(long offset, long length, out long extentLength);

    /// <summary>End of the highest guest range written or zeroed through this image (QEMU's format node <c>wr_highest_offset</c>); 0 where not tracked.</summary>
    long HighestWriteEnd => 0;

    /// <summary>The host file under the image (QEMU's protocol node, driver file), or null for one not backed by a file.</summary>
    HostFile? File => null;
}
