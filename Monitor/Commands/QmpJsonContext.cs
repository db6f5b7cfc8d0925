using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>Source-generated JSON metadata for the built-in QMP commands' arguments and results.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    RespectRequiredConstructorParameters = false,
    Converters = [typeof(QKeyCodeJsonConverter), typeof(PointerButtonJsonConverter)])]
[JsonSerializable(typeof(QmpEmpty))]
[JsonSerializable(typeof(CapabilitiesArguments))]
[JsonSerializable(typeof(EjectArguments))]
[JsonSerializable(typeof(QomListTypesArguments))]
[JsonSerializable(typeof(TypenameArguments))]
[JsonSerializable(typeof(QomPathArguments))]
[JsonSerializable(typeof(QomGetArguments))]
[JsonSerializable(typeof(BlockStatsArguments))]
[JsonSerializable(typeof(DeviceDelArguments))]
[JsonSerializable(typeof(QomSetArguments))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(CommandLineOptionsArguments))]
[JsonSerializable(typeof(MigrateSetCapabilitiesArguments))]
[JsonSerializable(typeof(NamedBlockNodesArguments))]
[JsonSerializable(typeof(BlockdevAddArguments))]
[JsonSerializable(typeof(BlockdevDelArguments))]
[JsonSerializable(typeof(InsertMediumArguments))]
[JsonSerializable(typeof(List<BlockDeviceInfo>))]
[JsonSerializable(typeof(OpenTrayArguments))]
[JsonSerializable(typeof(CloseTrayArguments))]
[JsonSerializable(typeof(RemoveMediumArguments))]
[JsonSerializable(typeof(ChangeMediumArguments))]
[JsonSerializable(typeof(SnapshotInternalArguments))]
[JsonSerializable(typeof(SnapshotDeleteArguments))]
[JsonSerializable(typeof(HumanMonitorArguments))]
[JsonSerializable(typeof(TransactionArguments))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(StatusInfo))]
[JsonSerializable(typeof(NameInfo))]
[JsonSerializable(typeof(List<CommandInfo>))]
[JsonSerializable(typeof(List<BlockInfo>))]
[JsonSerializable(typeof(List<PciInfo>))]
[JsonSerializable(typeof(SnapshotInfoResult))]
[JsonSerializable(typeof(List<JsonObject>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(QmpCapability))]
[JsonSerializable(typeof(ReadOnlyMode))]
[JsonSerializable(typeof(CompletionMode))]
[JsonSerializable(typeof(ShutdownEventData))]
[JsonSerializable(typeof(TrayMovedEventData))]
[JsonSerializable(typeof(ScreendumpArguments))]
[JsonSerializable(typeof(ScreenTextInfo))]
[JsonSerializable(typeof(SendKeyArguments))]
[JsonSerializable(typeof(InputSendEventArguments))]
public sealed partial class QmpJsonContext : JsonSerializerContext
{
}
