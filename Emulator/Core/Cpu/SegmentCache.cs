namespace Emu.Core.Cpu;

/// <summary>A segment register with its hidden part (SDM Vol. 3 3.4.3), filled when the register is loaded.</summary>
internal struct SegmentCache
{
    public uint Base;
    public uint Limit;
    public ushort Selector;
}
