using System.Runtime.CompilerServices;
using Emu.Devices.Storage;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Which drives a guest device holds, and whether it shares write access (<c>-device
/// ...,share-rw=on</c>). QEMU's guest devices take the 'write' permission on their disk and share
/// it only with share-rw=on, so a writable export of such a disk is a permission conflict
/// (nbd.md §8.x). The App records each <c>-device</c> here; without a record a drive created with
/// an interface (<c>if=ide</c>, <c>if=floppy</c>) or a qdev id counts as held, unshared, and an
/// <c>if=none</c> drive as free.
/// </summary>
public static class DriveWriteSharing
{
    private static readonly ConditionalWeakTable<BlockDrive, StrongBox<bool>> Devices = new();

    /// <summary>Records that a guest device holds <paramref name="drive"/>, with its share-rw setting.</summary>
    public static void AttachDevice(BlockDrive drive, bool shareRw) =>
        Devices.AddOrUpdate(drive, new StrongBox<bool>(shareRw));

    /// <summary>True when a guest device holds the drive without sharing write access.</summary>
    public static bool IsWriteUnshared(BlockDrive drive)
    {
        if (Devices.TryGetValue(drive, out StrongBox<bool>? shareRw))
        {
            return !shareRw.Value;
        }

        if (drive.Media == DriveMedia.Cdrom)
        {
            // A CD-ROM device never writes its medium, so it leaves 'write' shared.
            return false;
        }

        return drive.Interface != DriveInterface.None || drive.QdevId is not null;
    }
}
