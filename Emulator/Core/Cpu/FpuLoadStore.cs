using Emu.Core.Cpu.X87;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>FLD, FILD, the constant loads, FST/FSTP and FIST/FISTP (SDM Vol. 2), on 80-bit registers.</summary>
public sealed unsafe partial class Cpu
{
    /// <summary>FLD/FILD: Imm = source kind (memory kinds of <see cref="FpuReadMem"/>, 8 = ST(R1)).</summary>
    private static Flow Fld(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        X87Flags flags = X87Flags.None;
        Float80 v;
        if (o.Imm == 8)
        {
            v = c.St(o.R1);
            if (c.StEmpty(o.R1))
            {
                if (!c.FpuUnderflow())
                {
                    return Flow.Next;
                }

                v = Float80.Indefinite;
            }
        }
        else if (!c.FpuReadMem(ref o, (int)o.Imm, ref flags, out v))
        {
            return Flow.Fault;
        }

        // A full stack is checked first: FpuPush gives the stack-overflow response and the operand raises nothing.
        if (!c.StEmpty(-1))
        {
            c.FpuPush(v);
            return Flow.Next;
        }

        if (c.FpuCommit(flags))
        {
            c.FpuPush(v);
        }

        return Flow.Next;
    }

    /// <summary>FLD1, FLDZ, FLDPI, FLDL2T, FLDL2E, FLDLG2, FLDLN2 (Aux: 0 one, 1 zero, 2 π, 3 log2 10, 4 log2 e, 5 log10 2, 6 ln 2).</summary>
    private static Flow FldConst(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        int which = o.Aux switch
        {
            0 => 0,
            1 => 6,
            2 => 3,
            3 => 1,
            4 => 2,
            5 => 4,
            _ => 5,
        };
        c._fpuSw &= unchecked((ushort)~FpuC1);
        c.FpuPush(Float80.Constant(which, Float80.RoundingMode(c._fpuCw)));
        return Flow.Next;
    }

    /// <summary>
    /// FST/FSTP/FIST/FISTP: Imm = destination kind (memory kinds of <see cref="FpuReadMem"/>, 8 = ST(R0)),
    /// Aux bit 3 = pop. A store to a register or to m80fp is exact; the others round by the rounding
    /// control, and an unmasked invalid, overflow or underflow leaves memory and the stack unchanged.
    /// </summary>
    private static Flow Fst(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        bool pop = (o.Aux & 8) != 0;
        Float80 v = c.St(0);
        bool underflow = c.StEmpty(0);
        if (underflow)
        {
            if (!c.FpuUnderflow())
            {
                return Flow.Next;
            }

            v = Float80.Indefinite;
        }

        X87Flags flags = X87Flags.None;
        if (o.Imm == 8)
        {
            c.StSet(o.R0, v);
        }
        else if (o.Imm == 5)
        {
            if (!c.WriteFloat80(o.Seg, c.Ea(ref o), o.AddrMask, v))
            {
                return Flow.Fault;
            }
        }
        else
        {
            ulong bits = c.FpuToMemory(v, (int)o.Imm, ref flags, out int bytes);
            if (underflow)
            {
                flags = X87Flags.None;
            }
            else if ((flags & (X87Flags.Invalid | X87Flags.Overflow | X87Flags.Underflow) & (X87Flags)(~c._fpuCw)) != 0)
            {
                c.FpuCommit(flags);
                return Flow.Next;
            }

            if (!c.FpuWriteMem(ref o, bits, bytes))
            {
                return Flow.Fault;
            }
        }

        if (!underflow)
        {
            c.FpuCommit(flags);
        }

        if (pop)
        {
            c.FpuPop();
        }

        return Flow.Next;
    }
}
