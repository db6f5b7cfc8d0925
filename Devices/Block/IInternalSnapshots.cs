namespace Emu.Devices.Block;

/// <summary>
/// Internal snapshots of an image (qcow2): what QMP's blockdev-snapshot-internal-sync,
/// blockdev-snapshot-delete-internal-sync, <c>info snapshots</c> and <c>query-block</c> use.
/// A backend that supports them implements this beside <see cref="IBlockBackend"/>.
/// </summary>
public interface IInternalSnapshots
{
    IReadOnlyList<SnapshotInfo> ListSnapshots();

    /// <summary>Creates a snapshot of the current state; the id is assigned as QEMU does (max numeric id + 1).</summary>
    SnapshotInfo CreateSnapshot(string name, long dateSeconds, int dateNanoseconds, long vmClockNanoseconds);

    /// <summary>
    /// A whole-machine snapshot (savevm): like <see cref="CreateSnapshot(string, long, int, long)"/>,
    /// with <paramref name="vmState"/> stored in the snapshot as its VM state.
    /// </summary>
    SnapshotInfo CreateSnapshot(string name, long dateSeconds, int dateNanoseconds, long vmClockNanoseconds, byte[] vmState);

    /// <summary>The VM state stored in a snapshot, found by id or name (empty for a disk-only snapshot).</summary>
    byte[] ReadVmState(string idOrName);

    /// <summary>Deletes the snapshot matching <paramref name="id"/> and/or <paramref name="name"/> (both must match when both are given).</summary>
    SnapshotInfo DeleteSnapshot(string? id, string? name);

    /// <summary>Makes the active layer the snapshot's contents (qemu-img snapshot -a).</summary>
    void RevertToSnapshot(string idOrName);
}
