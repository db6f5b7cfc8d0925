using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Block;

/// <summary>
/// The removable-media commands with QEMU's checks and their order (blockdev.c do_open_tray,
/// qmp_blockdev_close_tray, blockdev_remove_medium, qmp_blockdev_insert_anon_medium,
/// qmp_eject, qmp_blockdev_change_medium; spec qmp.md 5.10-5.16, ide-atapi-bios.md B.8).
/// Runs on the machine thread. Errors are thrown as <see cref="QmpException"/>.
/// </summary>
public static class MediaOperations
{
    private enum OpenTrayResult
    {
        Done,

        /// <summary>The device has no tray (floppy): QEMU's -ENOSYS, ignored by every caller.</summary>
        NoTray,
    }

    public static void Eject(DriveTable drives, string? device, string? id, bool force)
    {
        OpenTray(drives, device, id, force, failWhenLocked: true);
        RemoveMedium(drives, device, id);
    }

    public static void BlockdevOpenTray(DriveTable drives, string? device, string? id, bool force) =>
        OpenTray(drives, device, id, force, failWhenLocked: false);

    public static void CloseTray(DriveTable drives, string? device, string? id)
    {
        BlockDrive drive = drives.GetByDeviceOrId(device, id);
        string name = device ?? id!;
        if (!drive.IsRemovable)
        {
            throw NotRemovable(name);
        }

        if (!drive.HasTray || !drive.IsTrayOpen)
        {
            return;
        }

        drive.ChangeMedia(load: true);
    }

    public static void RemoveMedium(DriveTable drives, string? device, string? id) => RemoveMedium(drives, device, id, keepNamedNode: false);

    /// <summary>
    /// QEMU blockdev-remove-medium / the eject step of a change: with <paramref name="keepNamedNode"/>
    /// a medium whose node a client named stays open as a node of its own (QEMU keeps the node
    /// until blockdev-del); otherwise the medium closes.
    /// </summary>
    public static void RemoveMedium(DriveTable drives, string? device, string? id, bool keepNamedNode)
    {
        BlockDrive drive = drives.GetByDeviceOrId(device, id);
        string name = device ?? id!;
        if (!drive.IsRemovable)
        {
            throw NotRemovable(name);
        }

        if (drive.HasTray && !drive.IsTrayOpen)
        {
            throw new QmpException(QmpError.Generic($"Tray of device '{name}' is not open"));
        }

        IBlockBackend? old = drive.RemoveMedium();
        if (old is null)
        {
            return;
        }

        if (keepNamedNode && drives.HasUserNodeName(old))
        {
            drives.Nodes.AddDetached(drives.NodeName(old), old);
        }
        else
        {
            drives.Media.Close(old);
        }

        if (!drive.HasTray)
        {
            // A tray-less device never saw the tray open: tell it the medium left (QEMU does this
            // after blk_remove_bs so the device sees the drive empty).
            drive.ChangeMedia(load: false);
        }
    }

    /// <summary>blockdev-change-medium: open the new image first, then open the tray, swap, close.</summary>
    public static void ChangeMedium(DriveTable drives, ImageOpener open, string? device, string? id, string fileName, string? format, bool force, bool? readOnly)
    {
        BlockDrive drive = drives.GetByDeviceOrId(device, id);
        bool newReadOnly = readOnly ?? drive.IsReadOnly;
        IBlockBackend medium = open(fileName, format, newReadOnly);
        bool inserted = false;
        try
        {
            OpenTray(drives, device, id, force, failWhenLocked: true);
            RemoveMedium(drives, device, id);
            InsertMedium(drive, medium);
            inserted = true;
            drive.IsReadOnly = newReadOnly;
            CloseTray(drives, device, id);
        }
        finally
        {
            if (!inserted)
            {
                medium.Dispose();
            }
        }
    }

    public static void InsertMedium(BlockDrive drive, IBlockBackend medium)
    {
        if (drive.HasTray && !drive.IsTrayOpen)
        {
            throw new QmpException(QmpError.Generic("Tray of the device is not open"));
        }

        if (drive.HasMedium)
        {
            throw new QmpException(QmpError.Generic("There already is a medium in the device"));
        }

        drive.InsertMedium(medium);
        if (!drive.HasTray)
        {
            drive.ChangeMedia(load: true);
        }
    }

    /// <summary>QEMU do_open_tray; a locked tray without force asks the guest and, for eject/change, fails.</summary>
    private static OpenTrayResult OpenTray(DriveTable drives, string? device, string? id, bool force, bool failWhenLocked)
    {
        BlockDrive drive = drives.GetByDeviceOrId(device, id);
        string name = id ?? device!;
        if (!drive.IsRemovable)
        {
            throw NotRemovable(name);
        }

        if (!drive.HasTray)
        {
            return OpenTrayResult.NoTray;
        }

        if (drive.IsTrayOpen)
        {
            return OpenTrayResult.Done;
        }

        bool locked = drive.IsMediumLocked;
        if (locked)
        {
            drive.EjectRequest(force);
        }

        if (!locked || force)
        {
            drive.ChangeMedia(load: false);
        }

        if (locked && !force && failWhenLocked)
        {
            throw new QmpException(QmpError.Generic(
                $"Device '{name}' is locked and force was not specified, wait for tray to open and try again"));
        }

        return OpenTrayResult.Done;
    }

    private static QmpException NotRemovable(string name) => new(QmpError.Generic($"Device '{name}' is not removable"));
}
