using Emu.Devices.Block;

namespace Emu.Devices.Storage;

/// <summary>
/// A drive as QEMU's <c>-drive</c> creates it: a named slot (<c>ide0-hd0</c>, <c>floppy0</c>, an
/// <c>id=</c>) that may hold a medium (an open block backend). The IDE device models, the BIOS,
/// QMP and the NBD server all reach the image through this one object.
/// </summary>
public sealed class BlockDrive
{
    public BlockDrive(string id, DriveInterface attachment, int index, DriveMedia media, IBlockBackend? medium)
    {
        Id = id;
        Interface = attachment;
        Index = index;
        Media = media;
        Medium = medium;
    }

    /// <summary>The drive's name in QMP (<c>device</c>) and in error messages.</summary>
    public string Id { get; }

    public DriveInterface Interface { get; }

    /// <summary>For IDE: bus × 2 + unit; for floppies the drive number.</summary>
    public int Index { get; }

    public DriveMedia Media { get; }

    /// <summary>The inserted medium, or null for an empty drive.</summary>
    public IBlockBackend? Medium { get; private set; }

    public bool HasMedium => Medium is not null;
}
