namespace Emu.Core.Cpu;

/// <summary>
/// A segment register with its hidden part (SDM Vol. 3 3.4.3), filled when the register is loaded.
/// <see cref="ReadLimit"/> and <see cref="WriteLimit"/> are the fast-path limits: the highest offset
/// a read or write may touch without further checks, or -1 when every access must take the full
/// check (a null selector, expand-down, a segment not readable or not writable).
/// </summary>
internal struct SegmentCache
{
    public uint Base;
    public uint Limit;
    public ushort Selector;

    /// <summary>Descriptor bits 40-47 (type, S, DPL, P) in bits 0-7 and bits 52-55 (AVL, L, D/B, G) in bits 12-15.</summary>
    public ushort Attr;

    public long ReadLimit;
    public long WriteLimit;
}
