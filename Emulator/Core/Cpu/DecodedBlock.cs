using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// A straight run of decoded guest instructions (style.md §2): the Iced instructions and a parallel
/// array of resolved operands with their handlers. Keyed by the physical address of its first
/// byte, the EIP it was decoded at and the decode mode; valid while the generation counters of the
/// RAM pages it was read from are unchanged.
/// </summary>
internal sealed class DecodedBlock
{
    public const int MaxInstructions = 64;

    public readonly Instruction[] Instructions = new Instruction[MaxInstructions];

    public readonly Ops[] Ops = new Ops[MaxInstructions];

    public int Count;

    public uint Phys;

    public uint Eip;

    public int Mode;

    /// <summary>First and last page-generation slots the block depends on, and their generations.</summary>
    public int Page0;

    public int Page1;

    public uint Gen0;

    public uint Gen1;

    /// <summary>
    /// For a block whose bytes reach past its first page: that next page's physical address + 1 at
    /// decode time (1 when it could not be fetched); 0 for a block inside one page.
    /// </summary>
    public uint NextPage;

    /// <summary>EIP after the last instruction (where a block that falls through continues).</summary>
    public uint EndEip;
}
