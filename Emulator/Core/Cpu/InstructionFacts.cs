namespace Emu.Core.Cpu;

/// <summary>
/// What a form does besides its result, per <see cref="Iced.Intel.Code"/>: what ends a decoded block,
/// what a compiler may keep in registers across it, what must be materialised before it.
/// </summary>
[Flags]
public enum InstructionFacts : ushort
{
    None = 0,

    /// <summary>The block ends after it: a transfer of control, or a change of CS, the decode mode, IF, the interrupt shadow or the code's translation (style.md §2).</summary>
    EndsBlock = 1,

    /// <summary>Reads an arithmetic or control flag (Iced's RflagsRead).</summary>
    ReadsFlags = 2,

    /// <summary>Writes or clears an arithmetic or control flag (Iced's RflagsWritten/Cleared/Set/Undefined).</summary>
    WritesFlags = 4,

    /// <summary>May raise an exception: a memory or stack access, I/O, a privilege check, a divide, a software interrupt, an x87 op.</summary>
    MayFault = 8,

    /// <summary>May load CS (far transfers, interrupts, IRET).</summary>
    TouchesCs = 16,

    /// <summary>May load SS (MOV/POP/LSS SS, and far transfers that change privilege).</summary>
    TouchesSs = 32,

    /// <summary>May change IF (CLI, STI, POPF, IRET, interrupts).</summary>
    TouchesIf = 64,

    /// <summary>May write a control register (MOV CRn, LMSW, CLTS) or a descriptor table / TLB state (LGDT, LIDT, INVLPG).</summary>
    TouchesCr = 128,

    /// <summary>A string instruction (MOVS, CMPS, SCAS, LODS, STOS, INS, OUTS), which a REP prefix repeats.</summary>
    StringOp = 256,

    /// <summary>Serialising on Intel (SDM Vol. 3 9.3: CPUID, IRET, MOV CRn, LGDT, …).</summary>
    Serialising = 512,
}
