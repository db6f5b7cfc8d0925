using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands.Model;

/// <summary>
/// qapi/transaction.json TransactionAction: a union keyed by <c>type</c> with the action's
/// arguments under <c>data</c>. Every 7.2 action type is accepted by validation; Emu runs
/// <c>abort</c> and <c>blockdev-snapshot-internal-sync</c> and refuses the others at run time.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Abort), "abort")]
[JsonDerivedType(typeof(DirtyBitmapAdd), "block-dirty-bitmap-add")]
[JsonDerivedType(typeof(DirtyBitmapRemove), "block-dirty-bitmap-remove")]
[JsonDerivedType(typeof(DirtyBitmapClear), "block-dirty-bitmap-clear")]
[JsonDerivedType(typeof(DirtyBitmapEnable), "block-dirty-bitmap-enable")]
[JsonDerivedType(typeof(DirtyBitmapDisable), "block-dirty-bitmap-disable")]
[JsonDerivedType(typeof(DirtyBitmapMerge), "block-dirty-bitmap-merge")]
[JsonDerivedType(typeof(BlockdevBackup), "blockdev-backup")]
[JsonDerivedType(typeof(BlockdevSnapshot), "blockdev-snapshot")]
[JsonDerivedType(typeof(InternalSnapshot), "blockdev-snapshot-internal-sync")]
[JsonDerivedType(typeof(BlockdevSnapshotSync), "blockdev-snapshot-sync")]
[JsonDerivedType(typeof(DriveBackup), "drive-backup")]
public abstract class TransactionAction
{
    /// <summary>The wire name of the action type.</summary>
    public abstract string TypeName();

    public sealed class Abort : TransactionAction
    {
        public override string TypeName() => "abort";

        [JsonPropertyName("data")]
        public required QmpEmpty Data { get; init; }
    }

    public sealed class InternalSnapshot : TransactionAction
    {
        public override string TypeName() => "blockdev-snapshot-internal-sync";

        [JsonPropertyName("data")]
        public required SnapshotInternalArguments Data { get; init; }
    }

    /// <summary>An action type Emu does not run: its data is taken as given.</summary>
    public abstract class Unsupported : TransactionAction
    {
        [JsonPropertyName("data")]
        public required JsonObject Data { get; init; }
    }

    public sealed class DirtyBitmapAdd : Unsupported
    {
        public override string TypeName() => "block-dirty-bitmap-add";
    }

    public sealed class DirtyBitmapRemove : Unsupported
    {
        public override string TypeName() => "block-dirty-bitmap-remove";
    }

    public sealed class DirtyBitmapClear : Unsupported
    {
        public override string TypeName() => "block-dirty-bitmap-clear";
    }

    public sealed class DirtyBitmapEnable : Unsupported
    {
        public override string TypeName() => "block-dirty-bitmap-enable";
    }

    public sealed class DirtyBitmapDisable : Unsupported
    {
        public override string TypeName() => "block-dirty-bitmap-disable";
    }

    public sealed class DirtyBitmapMerge : Unsupported
    {
        public override string TypeName() => "block-dirty-bitmap-merge";
    }

    public sealed class BlockdevBackup : Unsupported
    {
        public override string TypeName() => "blockdev-backup";
    }

    public sealed class BlockdevSnapshot : Unsupported
    {
        public override string TypeName() => "blockdev-snapshot";
    }

    public sealed class BlockdevSnapshotSync : Unsupported
    {
        public override string TypeName() => "blockdev-snapshot-sync";
    }

    public sealed class DriveBackup : Unsupported
    {
        public override string TypeName() => "drive-backup";
    }
}
