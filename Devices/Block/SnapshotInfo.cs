namespace Emu.Devices.Block;

/// <summary>One internal snapshot as the snapshot table records it (QMP's SnapshotInfo).</summary>
public sealed record SnapshotInfo(
    string Id,
    string Name,
    long VmStateSize,
    long DateSeconds,
    int DateNanoseconds,
    long VmClockNanoseconds,
    ulong? InstructionCount);
