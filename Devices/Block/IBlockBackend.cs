namespace Emu.Devices.Block;

/// <summary>
/// An open disk image as the disks, the BIOS, QMP and the NBD server see it: a byte-addressed
/// store of <see cref="Length"/> bytes. Implementations are safe for concurrent use by the
/// machine thread and server threads (each documents its locking rule). Failures throw
/// <see cref="IOException"/>; guest-facing code turns them into device errors.
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

    void Write(long offset, ReadOnlySpan<byte> source);

    void Flush();
}
