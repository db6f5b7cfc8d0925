using Emu.App.Options;
using Emu.Devices.Storage;

namespace Emu.App.Machine;

public sealed partial class PcBuilder
{
    /// <summary>
    /// The drives QEMU's pc machine adds without <c>-nodefaults</c> (QEMU vl.c default_drive), in its
    /// order after the user's drives: an empty CD-ROM drive ide1-cd0 on the secondary master unless
    /// an if=ide drive has index 2 or any <c>-device ide-cd</c>/<c>ide-hd</c> is given; an empty
    /// floppy0 unless a floppy drive has index 0 or a <c>-device floppy</c> is given; and sd0, an SD
    /// card drive that no device of the pc machine uses (query-block lists it without qdev).
    /// </summary>
    private static List<BlockDrive> DefaultDrives(EmuOptions options, HashSet<(string Interface, int Index)> used)
    {
        List<BlockDrive> drives = [];
        if (options.NoDefaults)
        {
            return drives;
        }

        bool ideDevice = options.Devices.Any(d => d.Driver is "ide-cd" or "ide-hd");
        if (!ideDevice && !used.Contains(("ide", 2)))
        {
            used.Add(("ide", 2));
            drives.Add(new BlockDrive("ide1-cd0", DriveInterface.Ide, 2, DriveMedia.Cdrom, null));
        }

        if (!options.Devices.Any(d => d.Driver == "floppy") && !used.Contains(("floppy", 0)))
        {
            used.Add(("floppy", 0));
            drives.Add(new BlockDrive("floppy0", DriveInterface.Floppy, 0, DriveMedia.Disk, null));
        }

        drives.Add(new BlockDrive("sd0", DriveInterface.None, 0, DriveMedia.Disk, null) { HasDevice = false, DeviceOps = null });
        return drives;
    }
}
