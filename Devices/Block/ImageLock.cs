using System.Runtime.InteropServices;

namespace Emu.Devices.Block;

/// <summary>
/// QEMU's image-locking protocol (image-locking.md): shared one-byte OFD locks at 100+i for each
/// permission held and 200+i for each permission not shared, then tests with F_OFD_GETLK
/// whether another open file description locks a conflicting byte. Locks live as long as the
/// descriptor. The texts of the errors are QEMU 7.2's.
/// </summary>
internal static class ImageLock
{
    private const int HeldBase = 100;
    private const int UnsharedBase = 200;
    private const int PermissionCount = 4;

    private static readonly string[] Names = ["consistent read", "write", "write unchanged", "resize"];

    public static void Apply(int fd, string path, string displayName, LockPermissions held, LockPermissions unshared)
    {
        // §3 step 1: take the locks of what is held and what is not shared.
        for (int i = 0; i < PermissionCount; i++)
        {
            if (((int)held & (1 << i)) != 0)
            {
                SetLock(fd, path, HeldBase + i);
            }

            if (((int)unshared & (1 << i)) != 0)
            {
                SetLock(fd, path, UnsharedBase + i);
            }
        }

        // §3 step 2: a permission we want must not be unshared by anyone else.
        for (int i = 0; i < PermissionCount; i++)
        {
            if (((int)held & (1 << i)) != 0 && LockedByOther(fd, UnsharedBase + i))
            {
                throw Conflict(path, displayName, $"Failed to get \"{Names[i]}\" lock");
            }
        }

        // §3 step 3: what we do not share must not be held by anyone else.
        for (int i = 0; i < PermissionCount; i++)
        {
            if (((int)unshared & (1 << i)) != 0 && LockedByOther(fd, HeldBase + i))
            {
                throw Conflict(path, displayName, $"Failed to get shared \"{Names[i]}\" lock");
            }
        }
    }

    /// <summary>
    /// Drops every lock byte. Done explicitly before close: a child process forked by another
    /// thread shares the open file description until it execs, and would keep the locks alive.
    /// </summary>
    public static void Release(int fd)
    {
        FlockRecord record = new() { Type = Posix.FUnlock, Whence = 0, Start = HeldBase, Length = 2 * HeldBase, Pid = 0 };
        Posix.FcntlLock(fd, Posix.FOfdSetLock, ref record);
    }

    private static void SetLock(int fd, string path, int offset)
    {
        FlockRecord record = new() { Type = Posix.FReadLock, Whence = 0, Start = offset, Length = 1, Pid = 0 };
        if (Posix.FcntlLock(fd, Posix.FOfdSetLock, ref record) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == 22)
            {
                // EINVAL: the kernel lacks OFD locks; QEMU's locking=auto then goes without.
                return;
            }

            throw HostFile.OpenError(path, $"Failed to lock byte {offset}");
        }
    }

    private static bool LockedByOther(int fd, int offset)
    {
        FlockRecord record = new() { Type = Posix.FWriteLock, Whence = 0, Start = offset, Length = 1, Pid = 0 };
        if (Posix.FcntlLock(fd, Posix.FOfdGetLock, ref record) != 0)
        {
            return false;
        }

        return record.Type != Posix.FUnlock;
    }

    private static BlockException Conflict(string path, string displayName, string reason) =>
        HostFile.OpenError(path, reason, $"Is another process using the image [{displayName}]?");
}
