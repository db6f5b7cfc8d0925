using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// A straight run of decoded guest instructions (style.md §2): the Iced instructions and a parallel
/// array of resolved operands with their handlers, each exactly as long as the block. Keyed by the
/// physical address of its first byte, the EIP it was decoded at and the decode mode; valid while
/// the generation counters of the RAM pages it was read from are unchanged. A block is never
/// re-decoded in place: a stale one is dropped from the cache and a new object takes its place, so
/// whatever refers to a block always sees the code it was made from.
/// </summary>
internal sealed class DecodedBlock
{
    public const int MaxInstructions = 64;

    /// <summary>Bytes a block of <paramref name="count"/> instructions holds (arrays and object headers), for the cache's bound.</summary>
    public static unsafe int BytesFor(int count) => 160 + (count * (sizeof(Instruction) + sizeof(Ops)));

    public DecodedBlock(int capacity)
    {
        Instructions = new Instruction[capacity];
        Ops = new Ops[capacity];
    }

    public readonly Instruction[] Instructions;

    public readonly Ops[] Ops;

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

    /// <summary>The next block in the same hash bucket of the cache.</summary>
    public DecodedBlock? Chain;

    /// <summary>Times the IL tier found this block (it compiles it at <see cref="Cpu.JitThreshold"/>).</summary>
    public int Hits;

    /// <summary>The block compiled to IL, once it is; it lives and dies with the block.</summary>
    public Jit.CompiledBlock? Compiled;

    /// <summary>Copies a block decoded into a scratch block into a new block of exactly its length.</summary>
    public static DecodedBlock CopyOf(DecodedBlock scratch)
    {
        DecodedBlock b = new(scratch.Count);
        Array.Copy(scratch.Instructions, b.Instructions, scratch.Count);
        Array.Copy(scratch.Ops, b.Ops, scratch.Count);
        b.Count = scratch.Count;
        b.Phys = scratch.Phys;
        b.Eip = scratch.Eip;
        b.Mode = scratch.Mode;
        b.Page0 = scratch.Page0;
        b.Page1 = scratch.Page1;
        b.Gen0 = scratch.Gen0;
        b.Gen1 = scratch.Gen1;
        b.NextPage = scratch.NextPage;
        b.EndEip = scratch.EndEip;
        return b;
    }
}
