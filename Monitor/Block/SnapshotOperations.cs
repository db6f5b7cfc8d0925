using Emu.Devices.Block;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Block;

/// <summary>
/// Internal snapshots with QEMU's checks in QEMU's order (blockdev.c internal_snapshot_prepare,
/// qmp_blockdev_snapshot_delete_internal_sync; spec qmp.md 5.7, 5.8). Runs on the machine thread,
/// so the guest does not write while the snapshot table changes. Errors are thrown as
/// <see cref="QmpException"/>.
/// </summary>
public static class SnapshotOperations
{
    /// <summary>Creates a disk-only snapshot and returns where it went (for a transaction's rollback).</summary>
    public static (IInternalSnapshots Image, SnapshotInfo Created) Create(DriveTable drives, string device, string name, long vmClockNanoseconds)
    {
        (_, IBlockBackend medium) = drives.GetMediumByDeviceOrNode(device);
        if (medium.IsReadOnly)
        {
            throw new QmpException(QmpError.Generic($"Device '{device}' is read only"));
        }

        if (medium is not IInternalSnapshots snapshots)
        {
            throw new QmpException(QmpError.Generic(
                $"Block format '{medium.Format}' used by device '{device}' does not support internal snapshots"));
        }

        if (name.Length == 0)
        {
            throw new QmpException(QmpError.Generic("Name is empty"));
        }

        foreach (SnapshotInfo existing in ListOrFail(snapshots))
        {
            if (existing.Name == name)
            {
                throw new QmpException(QmpError.Generic($"Snapshot with name '{name}' already exists on device '{device}'"));
            }
        }

        // qemu_gettimeofday: microsecond resolution, so date-nsec is a multiple of 1000.
        long micros = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        SnapshotInfo created = Guard(() => snapshots.CreateSnapshot(name, micros / 1_000_000, (int)(micros % 1_000_000) * 1000, vmClockNanoseconds));
        return (snapshots, created);
    }

    public static SnapshotInfo Delete(DriveTable drives, string device, string? id, string? name)
    {
        (_, IBlockBackend medium) = drives.GetMediumByDeviceOrNode(device);
        if (id is null && name is null)
        {
            throw new QmpException(QmpError.Generic("Name or id must be provided"));
        }

        if (medium is not IInternalSnapshots snapshots)
        {
            throw new QmpException(QmpError.Generic("Failed to get a snapshot list: Operation not supported"));
        }

        bool found = false;
        foreach (SnapshotInfo s in ListOrFail(snapshots))
        {
            if ((id is null || s.Id == id) && (name is null || s.Name == name))
            {
                found = true;
                break;
            }
        }

        if (!found)
        {
            throw new QmpException(QmpError.Generic(
                $"Snapshot with id '{id ?? "null"}' and name '{name ?? "null"}' does not exist on device '{device}'"));
        }

        return Guard(() => snapshots.DeleteSnapshot(id, name));
    }

    private static IReadOnlyList<SnapshotInfo> ListOrFail(IInternalSnapshots snapshots) => Guard(snapshots.ListSnapshots);

    /// <summary>A block-layer failure becomes the command's error; the image is left as the block layer left it.</summary>
    private static T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (BlockException e)
        {
            throw new QmpException(QmpError.Generic(e.Message));
        }
    }
}
