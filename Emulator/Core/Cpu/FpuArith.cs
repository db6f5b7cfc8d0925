using Emu.Core.Cpu.X87;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// The x87 arithmetic groups FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR (and their FI- and -P forms,
/// FUCOM/FUCOMP), on <see cref="Float80"/> under the control word's precision and rounding.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const byte FArithPop = 8;
    private const byte FArithUnordered = 16;

    /// <summary>
    /// Aux bits 0-2 = ADD MUL COM COMP SUB SUBR DIV DIVR, bit 3 = pop after, bit 4 = unordered compare
    /// (FUCOM: invalid only for an SNaN); Imm = source kind (memory kinds of <see cref="FpuReadMem"/>, 8 = ST(R1));
    /// R0 = destination ST index.
    /// </summary>
    private static Flow FArith(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        int op = o.Aux & 7;
        bool pop = (o.Aux & FArithPop) != 0 || op == 3;
        X87Flags flags = X87Flags.None;
        Float80 src;
        if (o.Imm == 8)
        {
            src = c.St(o.R1);
            if (c.StEmpty(o.R1))
            {
                return c.FArithUnderflow(op, o.R0, pop);
            }
        }
        else if (!c.FpuReadMem(ref o, (int)o.Imm, ref flags, out src))
        {
            return Flow.Fault;
        }

        if (c.StEmpty(o.R0))
        {
            return c.FArithUnderflow(op, o.R0, pop);
        }

        Float80 d = c.St(o.R0);
        ushort cw = c._fpuCw;
        Float80 r;
        switch (op)
        {
            case 0:
                r = Float80.Add(d, src, cw, ref flags);
                break;
            case 1:
                r = Float80.Mul(d, src, cw, ref flags);
                break;
            case 4:
                r = Float80.Sub(d, src, cw, ref flags);
                break;
            case 5:
                r = Float80.Sub(src, d, cw, ref flags);
                break;
            case 6:
                r = Float80.Div(d, src, cw, ref flags);
                break;
            case 7:
                r = Float80.Div(src, d, cw, ref flags);
                break;
            default:
                X87Relation relation = Float80.Compare(d, src, (o.Aux & FArithUnordered) != 0, ref flags);
                if (c.FpuCommit(flags & ~X87Flags.RoundedUp))
                {
                    c.FpuSetRelation(relation);
                    if (pop)
                    {
                        c.FpuPop();
                    }
                }

                return Flow.Next;
        }

        if (c.FpuCommit(flags))
        {
            c.StSet(o.R0, r);
            if (pop)
            {
                c.FpuPop();
            }
        }

        return Flow.Next;
    }

    /// <summary>An empty operand: the masked response is the real indefinite in the destination, or "unordered" for a compare.</summary>
    private Flow FArithUnderflow(int op, int destination, bool pop)
    {
        if (!FpuUnderflow())
        {
            return Flow.Next;
        }

        if (op is 2 or 3)
        {
            FpuSetRelation(X87Relation.Unordered);
        }
        else
        {
            StSet(destination, Float80.Indefinite);
        }

        if (pop)
        {
            FpuPop();
        }

        return Flow.Next;
    }

    /// <summary>FCOMPP and FUCOMPP (<paramref name="unordered"/>): compare ST(0) with ST(1), pop twice.</summary>
    private void FpuComparePop2(bool unordered)
    {
        if (StEmpty(0) || StEmpty(1))
        {
            if (FpuUnderflow())
            {
                FpuSetRelation(X87Relation.Unordered);
                FpuPop();
                FpuPop();
            }

            return;
        }

        X87Flags flags = X87Flags.None;
        X87Relation relation = Float80.Compare(St(0), St(1), unordered, ref flags);
        if (FpuCommit(flags))
        {
            FpuSetRelation(relation);
            FpuPop();
            FpuPop();
        }
    }

    /// <summary>FTST: compares ST(0) with +0.0 as FCOM does (SDM Vol. 2 FTST).</summary>
    private void FpuTest()
    {
        if (StEmpty(0))
        {
            if (FpuUnderflow())
            {
                FpuSetRelation(X87Relation.Unordered);
            }

            return;
        }

        X87Flags flags = X87Flags.None;
        X87Relation relation = Float80.Compare(St(0), Float80.Zero, false, ref flags);
        if (FpuCommit(flags))
        {
            FpuSetRelation(relation);
        }
    }
}
