using System.Text.Json.Serialization;
using Emu.Monitor.Nbd.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Nbd;

/// <summary>Source-generated JSON metadata for the nbd-server-* commands and BLOCK_EXPORT_DELETED.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    RespectRequiredConstructorParameters = false)]
[JsonSerializable(typeof(QmpEmpty))]
[JsonSerializable(typeof(NbdServerStartArguments))]
[JsonSerializable(typeof(NbdServerAddArguments))]
[JsonSerializable(typeof(NbdServerRemoveArguments))]
[JsonSerializable(typeof(BlockExportDeletedData))]
[JsonSerializable(typeof(List<BlockExportInfo>))]
public sealed partial class NbdJsonContext : JsonSerializerContext
{
}
