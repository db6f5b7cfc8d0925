using System.Text.Json.Serialization;

namespace Emu.Monitor.Nbd.Model;

/// <summary>Data of the BLOCK_EXPORT_DELETED event.</summary>
public sealed class BlockExportDeletedData
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }
}
