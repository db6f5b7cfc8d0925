using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>migrate-set-capabilities arguments (qapi/migration.json).</summary>
public sealed class MigrateSetCapabilitiesArguments
{
    [JsonPropertyName("capabilities")]
    public required List<MigrationCapabilityStatus> Capabilities { get; init; }
}

/// <summary>One MigrationCapabilityStatus: a capability name and whether it is on.</summary>
public sealed class MigrationCapabilityStatus
{
    [JsonPropertyName("capability")]
    public required string Capability { get; init; }

    [JsonPropertyName("state")]
    public required bool State { get; init; }
}
