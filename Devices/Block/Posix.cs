using System.Runtime.InteropServices;

namespace Emu.Devices.Block;

/// <summary>
/// The few libc calls the block layer needs beyond <see cref="RandomAccess"/>: hole detection
/// (lseek SEEK_DATA/SEEK_HOLE, lseek(2)), hole punching and zeroing (fallocate(2)) and
/// open-file-description byte-range locks (fcntl(2) F_OFD_SETLK / F_OFD_GETLK).
/// </summary>
internal static partial class Posix
{
    public const int SeekData = 3;
    public const int SeekHole = 4;

    public const int FallocKeepSize = 0x01;
    public const int FallocPunchHole = 0x02;
    public const int FallocZeroRange = 0x10;

    public const int FOfdGetLock = 36;
    public const int FOfdSetLock = 37;
    public const short FReadLock = 0;
    public const short FWriteLock = 1;
    public const short FUnlock = 2;

    public const int Enxio = 6;

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    public static partial int FAllocate(int fd, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlLock(int fd, int command, ref FlockRecord record);
}
