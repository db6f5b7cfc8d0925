using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi ImageInfo, members in QEMU 7.2's emitted order (spec qmp.md 5.6).</summary>
public sealed record ImageInfo(
    [property: JsonPropertyName("snapshots")] List<SnapshotInfoResult>? Snapshots,
    [property: JsonPropertyName("virtual-size")] long VirtualSize,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("cluster-size")] long? ClusterSize,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("actual-size")] long? ActualSize,
    [property: JsonPropertyName("format-specific")] FormatSpecificInfo? FormatSpecific,
    [property: JsonPropertyName("dirty-flag")] bool DirtyFlag);
