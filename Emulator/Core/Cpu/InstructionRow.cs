namespace Emu.Core.Cpu;

/// <summary>
/// One row of the instruction table (<c>InstructionTable.Rows.cs</c>): the handler for one Iced
/// <see cref="Iced.Intel.Code"/>, the constant operands it takes, and its facts.
/// </summary>
internal readonly unsafe struct InstructionRow
{
    public InstructionRow(HandlerFn register, HandlerFn memory, byte aux, byte width, short imm, OperandShape shape, InstructionFacts facts)
    {
        Register = register;
        Memory = memory;
        Aux = aux;
        Width = width;
        Imm = imm;
        Shape = shape;
        Facts = facts;
    }

    /// <summary>The handler when no operand is in memory (a ModRM r/m that names a register, or a form without r/m).</summary>
    public readonly HandlerFn Register;

    /// <summary>The handler when an operand is in memory.</summary>
    public readonly HandlerFn Memory;

    /// <summary>The form's constant sub-operation (condition code, shift kind, string op, segment, …), copied to <see cref="Ops.Aux"/>.</summary>
    public readonly byte Aux;

    /// <summary>The operand width in bytes when the form fixes it (stack width, port width); 0 keeps the operands' width.</summary>
    public readonly byte Width;

    /// <summary>A constant immediate (INT3's vector, an x87 memory kind, a MOVZX source width); -1 keeps the decoded one.</summary>
    public readonly short Imm;

    public readonly OperandShape Shape;

    public readonly InstructionFacts Facts;

    public bool Implemented => Register != null;
}
