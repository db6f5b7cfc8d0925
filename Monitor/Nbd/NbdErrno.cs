using Emu.Devices.Block;

namespace Emu.Monitor.Nbd;

/// <summary>Backend failures as wire errno values (QEMU <c>system_errno_to_nbd_errno</c>, nbd.md §4.4).</summary>
internal static class NbdErrno
{
    public static uint FromException(Exception exception) => exception switch
    {
        BlockException b => FromBlockError(b.Error),
        OutOfMemoryException => NbdProtocol.ErrNoMem,
        IOException => NbdProtocol.ErrIo,
        _ => NbdProtocol.ErrInvalid,
    };

    public static uint FromBlockError(BlockError error) => error switch
    {
        BlockError.Io => NbdProtocol.ErrIo,
        BlockError.ReadOnly => NbdProtocol.ErrPerm,
        BlockError.NoSpace => NbdProtocol.ErrNoSpace,
        BlockError.NotSupported => NbdProtocol.ErrNotSupported,
        _ => NbdProtocol.ErrInvalid,
    };
}
