namespace Emu.Devices.Storage.Ide;

/// <summary>What sits in one of a channel's two unit slots (QEMU's <c>IDEDriveKind</c>, plus the empty slot).</summary>
public enum IdeDeviceKind
{
    /// <summary>No device: the slot only keeps the shadow registers every write reaches.</summary>
    None,

    /// <summary>An ATA hard disk (ide-hd).</summary>
    Disk,

    /// <summary>An ATAPI CD-ROM (ide-cd).</summary>
    Cdrom,
}
