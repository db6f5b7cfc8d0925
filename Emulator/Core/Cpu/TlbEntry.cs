namespace Emu.Core.Cpu;

/// <summary>One translation-lookaside-buffer entry: a 4 KiB linear page and what the page walk allowed.</summary>
internal struct TlbEntry
{
    /// <summary>Linear page number + 1 (0 = empty).</summary>
    public uint Tag;

    /// <summary>Physical address of the page.</summary>
    public uint Phys;

    /// <summary><see cref="Cpu"/>'s Tlb* bits.</summary>
    public int Flags;
}
