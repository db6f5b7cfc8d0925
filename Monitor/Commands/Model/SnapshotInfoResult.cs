using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi SnapshotInfo, members in the order QEMU 7.2 emits them (spec qmp.md 5.8).</summary>
public sealed record SnapshotInfoResult(
    [property: JsonPropertyName("vm-clock-nsec")] long VmClockNsec,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("date-sec")] long DateSec,
    [property: JsonPropertyName("date-nsec")] long DateNsec,
    [property: JsonPropertyName("vm-clock-sec")] long VmClockSec,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("vm-state-size")] long VmStateSize,
    [property: JsonPropertyName("icount")] ulong? Icount);
