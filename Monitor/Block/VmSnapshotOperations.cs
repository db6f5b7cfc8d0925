using System.Globalization;
using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Machine;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Block;

/// <summary>
/// Whole-machine snapshots: HMP savevm, loadvm, delvm and <c>-loadvm</c>, with QEMU 7.2's checks in
/// its order and its texts (migration/savevm.c save_snapshot, load_snapshot, delete_snapshot;
/// block/snapshot.c bdrv_all_*). Every writable drive must support internal snapshots; the first
/// such drive holds the VM state, the others get a disk-only snapshot of the same name at the same
/// moment. Runs on the machine thread, so the guest does not run in between. Errors are thrown as
/// <see cref="QmpException"/> whose description is the text QEMU prints.
/// </summary>
public static class VmSnapshotOperations
{
    /// <summary>QEMU save_snapshot: replaces a snapshot of the same name; without a name, vm-YYYYMMDDhhmmss (local time).</summary>
    public static SnapshotInfo Save(MonitorServices services, string? name)
    {
        List<(string Device, IInternalSnapshots Image)> devices = SnapshotDevices(services.Drives);
        if (name is not null)
        {
            DeleteAll(devices, name);
        }

        IInternalSnapshots vmStateImage = VmStateImage(devices);
        IVmStateControl machine = StateControl(services.Machine);
        long micros = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        name ??= DateTime.Now.ToString("'vm-'yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        bool wasRunning = StopVm(services);
        try
        {
            return SaveStopped(services, name, devices, vmStateImage, machine, micros);
        }
        finally
        {
            if (wasRunning)
            {
                StartVm(services);
            }
        }
    }

    /// <summary>QEMU hmp_loadvm: the VM stops first and runs again only when the load succeeded.</summary>
    public static void LoadFromMonitor(MonitorServices services, string name)
    {
        bool wasRunning = StopVm(services);
        Load(services, name);
        if (wasRunning)
        {
            StartVm(services);
        }
    }

    private static SnapshotInfo SaveStopped(MonitorServices services, string name, List<(string Device, IInternalSnapshots Image)> devices, IInternalSnapshots vmStateImage, IVmStateControl machine, long micros)
    {
        long clock = services.Machine.VirtualClockNanoseconds;
        byte[] state;
        try
        {
            state = machine.SaveVmState();
        }
        catch (VmStateException e)
        {
            throw new QmpException(QmpError.Generic(e.Message));
        }

        SnapshotInfo? saved = null;
        List<(string Device, IInternalSnapshots Image)> done = [];
        foreach ((string device, IInternalSnapshots image) in devices)
        {
            try
            {
                SnapshotInfo created = ReferenceEquals(image, vmStateImage)
                    ? image.CreateSnapshot(name, micros / 1_000_000, (int)(micros % 1_000_000) * 1000, clock, state)
                    : image.CreateSnapshot(name, micros / 1_000_000, (int)(micros % 1_000_000) * 1000, clock);
                saved ??= created;
                done.Add((device, image));
            }
            catch (BlockException e)
            {
                // QEMU leaves the snapshots it made; Emu removes them so no device holds half a savevm.
                foreach ((string _, IInternalSnapshots made) in done)
                {
                    made.DeleteSnapshot(null, name);
                }

                throw new QmpException(QmpError.Generic($"Error while creating snapshot on '{device}': {e.Message}"));
            }
        }

        return saved!;
    }

    /// <summary>QEMU load_snapshot: every writable drive must have it; the VM state is read and checked before any disk reverts.</summary>
    public static void Load(MonitorServices services, string name) => Load(services.Drives, services.Machine, name);

    /// <summary><see cref="Load(MonitorServices, string)"/> without a monitor (<c>-loadvm</c> before the machine starts).</summary>
    public static void Load(DriveTable drives, IMachineControl control, string name)
    {
        List<(string Device, IInternalSnapshots Image)> devices = SnapshotDevices(drives);
        List<string> ids = [];
        foreach ((string _, IInternalSnapshots image) in devices)
        {
            SnapshotInfo found = Guard(image.ListSnapshots).FirstOrDefault(s => s.Name == name)
                ?? throw new QmpException(QmpError.Generic($"Snapshot '{name}' does not exist in one or more devices"));
            ids.Add(found.Id);
        }

        IInternalSnapshots vmStateImage = VmStateImage(devices);
        IVmStateControl machine = StateControl(control);
        byte[] state = Guard(() => vmStateImage.ReadVmState(ids[0]));
        if (state.Length == 0)
        {
            throw new QmpException(QmpError.Generic("This is a disk-only snapshot. Revert to it  offline using qemu-img"));
        }

        if (!state.AsSpan().StartsWith("EMUSTATE"u8))
        {
            throw new QmpException(QmpError.Generic($"Error while loading VM state: snapshot '{name}' holds a VM state Emu cannot load (not written by Emu)"));
        }

        for (int i = 0; i < devices.Count; i++)
        {
            (string device, IInternalSnapshots image) = devices[i];
            try
            {
                image.RevertToSnapshot(ids[i]);
            }
            catch (BlockException e)
            {
                throw new QmpException(QmpError.Generic($"Could not load snapshot '{name}' on '{device}': {e.Message}"));
            }
        }

        try
        {
            machine.LoadVmState(state);
        }
        catch (VmStateException e)
        {
            throw new QmpException(QmpError.Generic($"Error while loading VM state: {e.Message}"));
        }
    }

    /// <summary>vm_stop: STOP only when the VM was running.</summary>
    private static bool StopVm(MonitorServices services)
    {
        if (services.Machine.RunState != RunState.Running)
        {
            return false;
        }

        services.Machine.Pause();
        services.Events.Emit("STOP", null);
        return true;
    }

    private static void StartVm(MonitorServices services)
    {
        services.Machine.Resume();
        services.Events.Emit("RESUME", null);
    }

    /// <summary>QEMU delete_snapshot: a name no drive has is not an error.</summary>
    public static void Delete(MonitorServices services, string name) => DeleteAll(SnapshotDevices(services.Drives), name);

    /// <summary>
    /// QEMU bdrv_all_can_snapshot over the drives with a writable medium: each must support
    /// internal snapshots ("Device '…' is writable but does not support snapshots").
    /// </summary>
    private static List<(string Device, IInternalSnapshots Image)> SnapshotDevices(DriveTable drives)
    {
        List<(string, IInternalSnapshots)> devices = [];
        HashSet<IBlockBackend> seen = [];
        foreach (BlockDrive drive in drives.Drives)
        {
            if (drive.Medium is not { IsReadOnly: false } medium || !seen.Add(medium))
            {
                continue;
            }

            string name = drive.Id.Length > 0 ? drive.Id : drives.NodeName(medium);
            if (medium is not IInternalSnapshots snapshots)
            {
                throw new QmpException(QmpError.Generic($"Device '{name}' is writable but does not support snapshots"));
            }

            devices.Add((name, snapshots));
        }

        return devices;
    }

    private static IInternalSnapshots VmStateImage(List<(string Device, IInternalSnapshots Image)> devices) =>
        devices.Count > 0 ? devices[0].Image : throw new QmpException(QmpError.Generic("no block device can store vmstate for snapshot"));

    private static IVmStateControl StateControl(IMachineControl machine) =>
        machine as IVmStateControl ?? throw new QmpException(QmpError.Generic("State blocked by non-migratable device 'machine'"));

    private static void DeleteAll(List<(string Device, IInternalSnapshots Image)> devices, string name)
    {
        foreach ((string device, IInternalSnapshots image) in devices)
        {
            // bdrv_snapshot_find matches the name only, and one snapshot per device goes.
            if (Guard(image.ListSnapshots).FirstOrDefault(s => s.Name == name) is { } existing)
            {
                try
                {
                    image.DeleteSnapshot(existing.Id, existing.Name);
                }
                catch (BlockException e)
                {
                    throw new QmpException(QmpError.Generic($"Could not delete snapshot '{name}' on '{device}': {e.Message}"));
                }
            }
        }
    }

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
