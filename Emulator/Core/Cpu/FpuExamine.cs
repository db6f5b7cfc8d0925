using Emu.Core.Cpu.X87;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>The P6 x87 forms that meet EFLAGS, FCOMI/FUCOMI(P) and FCMOVcc, and FXAM (SDM Vol. 2).</summary>
public sealed unsafe partial class Cpu
{
    private const byte FComIUnordered = 1;
    private const byte FComIPop = 2;

    /// <summary>
    /// FCOMI, FUCOMI (Aux bit 0: invalid only for an SNaN) and their -P forms (Aux bit 1): ST(0) against
    /// ST(R1) into ZF, PF and CF (unordered sets all three), OF, SF and AF cleared, C1 = 0 (SDM Vol. 2 FCOMI, Table 3-31).
    /// </summary>
    private static Flow FComI(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        X87Relation relation;
        if (c.StEmpty(0) || c.StEmpty(o.R1))
        {
            if (!c.FpuUnderflow())
            {
                return Flow.Next;
            }

            relation = X87Relation.Unordered;
        }
        else
        {
            X87Flags flags = X87Flags.None;
            relation = Float80.Compare(c.St(0), c.St(o.R1), (o.Aux & FComIUnordered) != 0, ref flags);
            if (!c.FpuCommit(flags))
            {
                return Flow.Next;
            }
        }

        c._fpuSw &= unchecked((ushort)~FpuC1);
        uint bits = relation switch
        {
            X87Relation.Less => FCf,
            X87Relation.Equal => FZf,
            X87Relation.Unordered => FZf | FPf | FCf,
            _ => 0,
        };
        c.SetArith(ArithMask, bits);
        if ((o.Aux & FComIPop) != 0)
        {
            c.FpuPop();
        }

        return Flow.Next;
    }

    /// <summary>FCMOVcc: ST(0) = ST(R1) when condition Aux (as Jcc's) holds (SDM Vol. 2 FCMOVcc).</summary>
    private static Flow FCmov(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        if (c.StEmpty(0) || c.StEmpty(o.R1))
        {
            c.FpuUnderflowIntoSt0();
            return Flow.Next;
        }

        if (c.Condition(o.Aux))
        {
            c.St(0) = c.St(o.R1);
        }

        return Flow.Next;
    }

    /// <summary>
    /// FXAM: C1 = the sign of ST(0); C3 C2 C0 = the class (SDM Vol. 2 FXAM, Table 3-48): 000 unsupported,
    /// 001 NaN, 010 normal, 011 infinity, 100 zero, 101 empty, 110 denormal.
    /// </summary>
    private static Flow FXam(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        Float80 v = c.St(0);
        int cc = c.StEmpty(0) ? FpuC3 | FpuC0 : v.Classify() switch
        {
            X87Class.QuietNaN or X87Class.SignalingNaN => FpuC0,
            X87Class.Normal => FpuC2,
            X87Class.Infinity => FpuC2 | FpuC0,
            X87Class.Zero => FpuC3,
            X87Class.Denormal => FpuC3 | FpuC2,
            _ => 0,
        };
        if (v.Sign)
        {
            cc |= FpuC1;
        }

        c._fpuSw = (ushort)((c._fpuSw & ~FpuConditionCodes) | cc);
        return Flow.Next;
    }
}
