namespace Emu.Devices.Block;

/// <summary>Why a block operation failed, errno-style (what the NBD server and QMP report).</summary>
public enum BlockError
{
    /// <summary>EIO: the host file failed or the image is corrupt.</summary>
    Io,

    /// <summary>EPERM / EROFS: write to a read-only image.</summary>
    ReadOnly,

    /// <summary>EINVAL: offset or length outside the image or misaligned.</summary>
    InvalidArgument,

    /// <summary>ENOSPC: the host ran out of space.</summary>
    NoSpace,

    /// <summary>ENOTSUP: the operation cannot be done the fast way asked for.</summary>
    NotSupported,
}
