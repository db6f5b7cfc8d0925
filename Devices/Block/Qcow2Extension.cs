namespace Emu.Devices.Block;

/// <summary>A qcow2 header extension kept verbatim (qcow2.md §3): its type and data without padding.</summary>
public sealed record Qcow2Extension(uint Type, byte[] Data);
