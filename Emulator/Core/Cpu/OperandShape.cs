namespace Emu.Core.Cpu;

/// <summary>
/// The operand fill a form needs beyond the generic pass of <see cref="Binder"/>, for the parts that
/// depend on the encoded instance (its ModRM reg field, its prefixes) rather than on its <see cref="Iced.Intel.Code"/>.
/// </summary>
internal enum OperandShape : byte
{
    /// <summary>Registers, memory operand, first immediate and width, as <see cref="Binder"/> resolves them.</summary>
    Plain,

    /// <summary>MOV Sreg, r/m16: Aux = the destination segment register (ES=0 … GS=5).</summary>
    Sreg0,

    /// <summary>MOV r/m, Sreg: Aux = the source segment register; a memory destination is 16 bits.</summary>
    Sreg1,

    /// <summary>MOV CRn, r32: Aux = n; CR1 and CR5-CR7 are #UD (SDM Vol. 2 MOV—Move to/from Control Registers).</summary>
    Cr0,

    /// <summary>MOV r32, CRn: Aux = n; as <see cref="Cr0"/>.</summary>
    Cr1,

    /// <summary>MOV DRn, r32: Aux = n.</summary>
    Dr0,

    /// <summary>MOV r32, DRn: Aux = n.</summary>
    Dr1,

    /// <summary>A string op: Aux = the row's op | address size (StrAddr32) | REP/REPNE.</summary>
    String,

    /// <summary>ENTER imm16, imm8: Aux = the nesting level (the second immediate).</summary>
    EnterLevel,

    /// <summary>An x87 form on ST(i) as operand 0: R0 = i.</summary>
    FpuSt0ToR0,

    /// <summary>FXCH ST(0), ST(i): R1 = i.</summary>
    FpuSt1ToR1,

    /// <summary>FLD ST(i): R1 = i.</summary>
    FpuStToR1,

    /// <summary>x87 arithmetic on registers: R0 = operand 0's ST index, R1 = operand 1's (0 when absent).</summary>
    FpuSt,

    /// <summary>x87 arithmetic with a memory operand: ST(0) is the destination (R0 = 0).</summary>
    FpuMem,
}
