namespace Emu.Devices.Storage.Ide;

/// <summary>One row of the ATA command table: which device kinds accept the opcode, and whether success sets DSC.</summary>
public readonly struct IdeCommandInfo
{
    [Flags]
    public enum Permit : byte
    {
        None = 0,
        Disk = 1,
        Cdrom = 2,
        Both = Disk | Cdrom,
        SetSeekComplete = 4,
    }

    private readonly Permit _flags;

    public IdeCommandInfo(Permit flags)
    {
        _flags = flags;
    }

    /// <summary>Success ends with DSC set (QEMU's SET_DSC flag).</summary>
    public bool SetsSeekComplete => (_flags & Permit.SetSeekComplete) != 0;

    public bool IsPermittedFor(IdeDeviceKind kind) => kind switch
    {
        IdeDeviceKind.Disk => (_flags & Permit.Disk) != 0,
        IdeDeviceKind.Cdrom => (_flags & Permit.Cdrom) != 0,
        _ => false,
    };
}
