using Emu.Devices.Block;
using Emu.Monitor.Block;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// blockdev-snapshot-internal-sync, blockdev-snapshot-delete-internal-sync and transaction
/// (spec qmp.md 5.7-5.9). A transaction prepares its actions in order and, when one fails,
/// deletes every snapshot it already made, newest first, before answering with that error.
/// </summary>
public static class SnapshotCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("blockdev-snapshot-internal-sync", () => json.SnapshotInternalArguments, () => json.QmpEmpty, (c, a) =>
        {
            SnapshotOperations.Create(c.Services.Drives, a.Device, a.Name, c.Services.Machine.VirtualClockNanoseconds);
            return QmpEmpty.Instance;
        });
        registry.AddOnMachine("blockdev-snapshot-delete-internal-sync", () => json.SnapshotDeleteArguments, () => json.SnapshotInfoResult, (c, a) =>
            BlockInfoBuilder.ToResult(SnapshotOperations.Delete(c.Services.Drives, a.Device, a.Id, a.Name)));
        registry.AddOnMachine("transaction", () => json.TransactionArguments, () => json.QmpEmpty, (c, a) => Transaction(c.Services, a));
    }

    private static QmpOutcome<QmpEmpty> Transaction(MonitorServices services, TransactionArguments arguments)
    {
        CompletionMode mode = arguments.Properties?.CompletionMode ?? CompletionMode.Individual;
        List<(IInternalSnapshots Image, SnapshotInfo Created)> done = new();
        try
        {
            foreach (TransactionAction action in arguments.Actions)
            {
                Prepare(services, action, mode, done);
            }
        }
        catch (QmpException e)
        {
            for (int i = done.Count - 1; i >= 0; i--)
            {
                done[i].Image.DeleteSnapshot(done[i].Created.Id, done[i].Created.Name);
            }

            return e.Error;
        }

        return QmpEmpty.Instance;
    }

    private static void Prepare(MonitorServices services, TransactionAction action, CompletionMode mode, List<(IInternalSnapshots, SnapshotInfo)> done)
    {
        switch (action)
        {
            case TransactionAction.Abort:
                throw new QmpException(QmpError.Generic("Transaction aborted using Abort action"));
            case TransactionAction.InternalSnapshot snapshot:
                if (mode != CompletionMode.Individual)
                {
                    throw new QmpException(QmpError.Generic(
                        "Action 'blockdev-snapshot-internal-sync' does not support Transaction property completion-mode = grouped"));
                }

                done.Add(SnapshotOperations.Create(services.Drives, snapshot.Data.Device, snapshot.Data.Name, services.Machine.VirtualClockNanoseconds));
                break;
            default:
                throw new QmpException(QmpError.Generic($"Transaction action '{action.TypeName()}' is not supported by this emulator"));
        }
    }
}
