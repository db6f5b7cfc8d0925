using Emu.Core.Cpu.X87;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>The x87's register-only operations and its control and status word accesses (SDM Vol. 2).</summary>
public sealed unsafe partial class Cpu
{
    private const byte FControlWaits = 4;

    /// <summary>
    /// Register-only x87 operations (Aux): 0 FNINIT, 1 FNCLEX, 2 FCHS, 3 FABS, 4 FTST, 5 FXCH ST(R1), 6 FCOMPP,
    /// 7 FSQRT, 8 FRNDINT, 9 FNOP, 10 FFREE ST(R0), 11 FINCSTP, 12 FDECSTP, 13 FUCOMPP, 14 FINIT, 15 FCLEX,
    /// 16 FFREEP ST(R0), 17 FNENI/FNDISI/FNSETPM (8087 and 80287 controls that a 387 and later ignore).
    /// FNINIT, FNCLEX and the ignored controls do not wait; the rest first take a pending exception.
    /// </summary>
    private static Flow FMisc(Cpu c, ref Instruction i, ref Ops o)
    {
        if (o.Aux is not (0 or 1 or 17) && c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        switch (o.Aux)
        {
            case 0:
            case 14:
                c.FpuInit();
                break;
            case 1:
            case 15:
                // FNCLEX clears the exception flags, SF, ES and B (SDM Vol. 2 FCLEX).
                c._fpuSw &= 0x7F00;
                break;
            case 2:
            case 3:
                c.FpuSignOp(o.Aux == 2);
                break;
            case 4:
                c.FpuTest();
                break;
            case 5:
                c.FpuExchange(o.R1);
                break;
            case 6:
            case 13:
                c.FpuComparePop2(o.Aux == 13);
                break;
            case 7:
            case 8:
                c.FpuUnary(o.Aux == 7);
                break;
            case 10:
            case 16:
                c._fpuEmpty |= (byte)(1 << ((c._fpuTop + o.R0) & 7));
                if (o.Aux == 16)
                {
                    c.FpuPop();
                }

                break;
            case 11:
                c._fpuSw &= unchecked((ushort)~FpuC1);
                c._fpuTop = (c._fpuTop + 1) & 7;
                break;
            case 12:
                c._fpuSw &= unchecked((ushort)~FpuC1);
                c._fpuTop = (c._fpuTop - 1) & 7;
                break;
        }

        return Flow.Next;
    }

    /// <summary>FCHS (<paramref name="negate"/>) or FABS: the sign bit only, C1 = 0 (SDM Vol. 2 FCHS, FABS).</summary>
    private void FpuSignOp(bool negate)
    {
        if (StEmpty(0))
        {
            FpuUnderflowIntoSt0();
            return;
        }

        _fpuSw &= unchecked((ushort)~FpuC1);
        St(0) = negate ? St(0).Negate() : St(0).Abs();
    }

    /// <summary>FXCH: an empty register takes part as the real indefinite when invalid is masked (SDM Vol. 2 FXCH).</summary>
    private void FpuExchange(int j)
    {
        if (StEmpty(0) || StEmpty(j))
        {
            if (!FpuUnderflow())
            {
                return;
            }

            if (StEmpty(0))
            {
                StSet(0, Float80.Indefinite);
            }

            if (StEmpty(j))
            {
                StSet(j, Float80.Indefinite);
            }
        }
        else
        {
            _fpuSw &= unchecked((ushort)~FpuC1);
        }

        (St(0), St(j)) = (St(j), St(0));
    }

    /// <summary>FSQRT (<paramref name="sqrt"/>) or FRNDINT on ST(0).</summary>
    private void FpuUnary(bool sqrt)
    {
        if (StEmpty(0))
        {
            FpuUnderflowIntoSt0();
            return;
        }

        X87Flags flags = X87Flags.None;
        Float80 r = sqrt ? Float80.Sqrt(St(0), _fpuCw, ref flags) : Float80.RoundToInteger(St(0), _fpuCw, ref flags);
        if (FpuCommit(flags))
        {
            St(0) = r;
        }
    }

    /// <summary>
    /// FNSTSW AX (Aux 1) or m16 (Aux 0), FNSTCW m16 (Aux 2), FLDCW m16 (Aux 3); Aux bit 2 (<see cref="FControlWaits"/>)
    /// marks FSTSW/FSTCW, which first take a pending exception. FLDCW always waits.
    /// </summary>
    private static Flow FControl(Cpu c, ref Instruction i, ref Ops o)
    {
        int op = o.Aux & 3;
        if (((o.Aux & FControlWaits) != 0 || op == 3) && c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        switch (op)
        {
            case 0:
                return c.Write16(o.Seg, c.Ea(ref o), c.FpuStatus) ? Flow.Next : Flow.Fault;
            case 1:
                c.SetReg(2, 0, 0, c.FpuStatus);
                return Flow.Next;
            case 2:
                return c.Write16(o.Seg, c.Ea(ref o), c._fpuCw) ? Flow.Next : Flow.Fault;
            default:
                if (!c.Read16(o.Seg, c.Ea(ref o), out ushort cw))
                {
                    return Flow.Fault;
                }

                // Bit 6 is reserved and reads as one (SDM Vol. 1 Figure 8-6).
                c._fpuCw = (ushort)(cw | 0x40);
                return Flow.Next;
        }
    }
}
