using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// The instruction table: one <see cref="InstructionRow"/> per Iced <see cref="Code"/>, indexed by
/// <c>(int)Code</c> and built once from the rows in <c>InstructionTable.Rows.cs</c>. A form with no row,
/// or one a 686 does not execute, is #UD. Adding an instruction is one row there plus one handler.
/// </summary>
public sealed unsafe partial class Cpu
{
    internal static readonly InstructionRow[] Table = BuildTable();

    /// <summary>The row of <paramref name="code"/> (an unimplemented form's row has no handler).</summary>
    internal static ref readonly InstructionRow RowOf(Code code) => ref Table[(int)code];

    /// <summary>
    /// Completes the operands <see cref="Binder"/> resolved with the row's constants and its instance
    /// fill, and picks the row's register or memory handler.
    /// </summary>
    internal static void Complete(ref Instruction ins, ref Ops o)
    {
        ref readonly InstructionRow row = ref Table[(int)ins.Code];
        if (!row.Implemented)
        {
            o.Handler = &FaultUd;
            return;
        }

        o.Aux = row.Aux;

        if (row.Width != 0)
        {
            o.Width = row.Width;
        }

        if (row.Imm >= 0)
        {
            o.Imm = (uint)row.Imm;
        }

        o.Handler = HasMemoryOperand(ref ins) ? row.Memory : row.Register;
        if (row.Shape != OperandShape.Plain && !FillShape(row.Shape, ref ins, ref o))
        {
            o.Handler = &FaultUd;
        }
    }

    private static bool HasMemoryOperand(ref Instruction ins)
    {
        int count = ins.OpCount;
        for (int k = 0; k < count; k++)
        {
            if (ins.GetOpKind(k) == OpKind.Memory)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The instance-dependent part of a form's operands; false when the instance is #UD.</summary>
    private static bool FillShape(OperandShape shape, ref Instruction ins, ref Ops o)
    {
        switch (shape)
        {
            case OperandShape.Sreg0:
                o.Aux = (byte)(ins.Op0Register - Register.ES);
                return true;
            case OperandShape.Sreg1:
                o.Aux = (byte)(ins.Op1Register - Register.ES);
                if (o.R0 == Ops.NoReg)
                {
                    o.Width = 2;
                }

                return true;
            case OperandShape.Cr0:
                o.Aux = (byte)(ins.Op0Register - Register.CR0);
                return o.Aux is 0 or 2 or 3 or 4;
            case OperandShape.Cr1:
                o.Aux = (byte)(ins.Op1Register - Register.CR0);
                return o.Aux is 0 or 2 or 3 or 4;
            case OperandShape.Dr0:
                o.Aux = (byte)(ins.Op0Register - Register.DR0);
                return true;
            case OperandShape.Dr1:
                o.Aux = (byte)(ins.Op1Register - Register.DR0);
                return true;
            case OperandShape.String:
                o.Aux |= StringPrefixes(ref ins, o.Aux);
                return true;
            case OperandShape.EnterLevel:
                o.Aux = ins.Immediate8_2nd;
                return true;
            case OperandShape.FpuSt0ToR0:
                o.R0 = (byte)(ins.Op0Register - Register.ST0);
                return true;
            case OperandShape.FpuSt1ToR1:
                o.R1 = (byte)(ins.Op1Register - Register.ST0);
                return true;
            case OperandShape.FpuStToR1:
                o.R1 = (byte)(ins.Op0Register - Register.ST0);
                return true;
            case OperandShape.FpuSt:
                o.R0 = (byte)(ins.Op0Register - Register.ST0);
                o.R1 = ins.OpCount > 1 ? (byte)(ins.Op1Register - Register.ST0) : (byte)0;
                return true;
            case OperandShape.FpuMem:
                o.R0 = 0;
                return true;
            default:
                return true;
        }
    }

    /// <summary>A string op's address size and repeat prefix: REPNE repeats MOVS/LODS/STOS/INS/OUTS as REP does.</summary>
    private static byte StringPrefixes(ref Instruction ins, byte op)
    {
        bool addr32 = ins.Op0Kind is OpKind.MemoryESEDI or OpKind.MemorySegESI or OpKind.MemorySegEDI
            || ins.Op1Kind is OpKind.MemoryESEDI or OpKind.MemorySegESI or OpKind.MemorySegEDI;
        byte rep = 0;
        if (ins.HasRepePrefix)
        {
            rep = StrRep;
        }
        else if (ins.HasRepnePrefix)
        {
            rep = op is StrCmps or StrScas ? StrRepne : StrRep;
        }

        return (byte)((addr32 ? StrAddr32 : 0) | rep);
    }

    private static InstructionRow[] BuildTable()
    {
        TableBuilder t = new();
        DefineRows(t);
        t.AddFactsOfUnimplementedForms();
        return t.Rows;
    }

    /// <summary>Collects the rows, adding each form's facts and leaving out the forms a 686 does not execute.</summary>
    private sealed class TableBuilder
    {
        public readonly InstructionRow[] Rows = new InstructionRow[Enum.GetValues<Code>().Length];

        public void Row(Code code, HandlerFn handler, int aux = 0, int width = 0, int imm = -1, OperandShape shape = OperandShape.Plain)
            => Row(code, handler, handler, aux, width, imm, shape);

        public void Row(Code code, HandlerFn register, HandlerFn memory, int aux = 0, int width = 0, int imm = -1, OperandShape shape = OperandShape.Plain)
        {
            if (Rows[(int)code].Implemented)
            {
                throw new InvalidOperationException($"The instruction table has two rows for {code}.");
            }

            if (!Cpu686.Executes(code))
            {
                return;
            }

            Rows[(int)code] = new InstructionRow(register, memory, (byte)aux, (byte)width, (short)imm, shape, Cpu686.FactsOf(code));
        }

        /// <summary>A form without a handler is #UD, but its facts still end a block where Iced says its flow does.</summary>
        public void AddFactsOfUnimplementedForms()
        {
            for (int k = 1; k < Rows.Length; k++)
            {
                if (!Rows[k].Implemented)
                {
                    Rows[k] = new InstructionRow(null, null, 0, 0, -1, OperandShape.Plain, Cpu686.FactsOf((Code)k));
                }
            }
        }
    }
}
