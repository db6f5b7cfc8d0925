namespace Emu.Devices.Storage;

/// <summary>
/// A guest request on <see cref="Drive"/> failed (QMP BLOCK_IO_ERROR): the operation, the action
/// taken (report, ignore or stop; enospc resolved), whether the host ran out of space, and why.
/// </summary>
public sealed class BlockIoErrorEventArgs : EventArgs
{
    public BlockIoErrorEventArgs(BlockDrive drive, bool write, BlockErrorAction action, bool noSpace, string reason)
    {
        Drive = drive;
        Write = write;
        Action = action;
        NoSpace = noSpace;
        Reason = reason;
    }

    public BlockDrive Drive { get; }

    public bool Write { get; }

    public BlockErrorAction Action { get; }

    public bool NoSpace { get; }

    public string Reason { get; }
}
