using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>MUL, IMUL (one, two and three operands), DIV, IDIV (SDM Vol. 2; #DE on a zero divisor or a quotient that does not fit).</summary>
public sealed unsafe partial class Cpu
{
    /// <summary>CF = OF = <paramref name="overflow"/>; SF/ZF/PF follow the low result (undefined by the SDM).</summary>
    private void SetMulFlags(bool overflow, uint low, int width)
    {
        Materialize();
        uint cf = overflow ? FCf | FOf : 0;
        _flags = (_flags & ~(FCf | FOf | FAf)) | cf;
        _lfKind = LfZsp;
        uint sign = SignOf(width);
        _lfRes = low & ((sign << 1) - 1);
        _lfSign = sign;
    }

    private static Flow Mul1(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint src))
        {
            return Flow.Fault;
        }

        switch (o.Width)
        {
            case 1:
                {
                    uint r = (c.Reg(0) & 0xFF) * src;
                    c.SetReg(2, 0, 0, r);
                    c.SetMulFlags((r & 0xFF00) != 0, r, 1);
                    break;
                }

            case 2:
                {
                    uint r = (c.Reg(0) & 0xFFFF) * src;
                    c.SetReg(2, 0, 0, r);
                    c.SetReg(2, 2, 0, r >> 16);
                    c.SetMulFlags((r >> 16) != 0, r, 2);
                    break;
                }

            default:
                {
                    ulong r = (ulong)c.Reg(0) * src;
                    c.Reg(0) = (uint)r;
                    c.Reg(2) = (uint)(r >> 32);
                    c.SetMulFlags((r >> 32) != 0, (uint)r, 4);
                    break;
                }
        }

        return Flow.Next;
    }

    private static Flow Imul1(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint src))
        {
            return Flow.Fault;
        }

        switch (o.Width)
        {
            case 1:
                {
                    int r = (sbyte)c.Reg(0) * (sbyte)src;
                    c.SetReg(2, 0, 0, (uint)r);
                    c.SetMulFlags(r != (sbyte)r, (uint)r, 1);
                    break;
                }

            case 2:
                {
                    int r = (short)c.Reg(0) * (short)src;
                    c.SetReg(2, 0, 0, (uint)r);
                    c.SetReg(2, 2, 0, (uint)r >> 16);
                    c.SetMulFlags(r != (short)r, (uint)r, 2);
                    break;
                }

            default:
                {
                    long r = (long)(int)c.Reg(0) * (int)src;
                    c.Reg(0) = (uint)r;
                    c.Reg(2) = (uint)((ulong)r >> 32);
                    c.SetMulFlags(r != (int)r, (uint)r, 4);
                    break;
                }
        }

        return Flow.Next;
    }

    /// <summary>IMUL r, r/m and IMUL r, r/m, imm: the source is operand 1, the multiplier operand 1 or the immediate.</summary>
    private static Flow ImulN(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        if (!c.ReadRm1(ref o, w, out uint src))
        {
            return Flow.Fault;
        }

        uint other = o.Aux != 0 ? o.Imm : c.GetReg(w, o.R0, o.R0Sh);
        long r;
        bool overflow;
        if (w == 2)
        {
            r = (short)src * (long)(short)other;
            overflow = r != (short)r;
        }
        else
        {
            r = (int)src * (long)(int)other;
            overflow = r != (int)r;
        }

        c.SetReg(w, o.R0, o.R0Sh, (uint)r);
        c.SetMulFlags(overflow, (uint)r, w);
        return Flow.Next;
    }

    private static Flow Div(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint src))
        {
            return Flow.Fault;
        }

        if (src == 0)
        {
            return c.Raise(0);
        }

        switch (o.Width)
        {
            case 1:
                {
                    uint n = c.Reg(0) & 0xFFFF;
                    uint q = n / src;
                    if (q > 0xFF)
                    {
                        return c.Raise(0);
                    }

                    c.SetReg(2, 0, 0, q | ((n % src) << 8));
                    break;
                }

            case 2:
                {
                    uint n = (c.Reg(0) & 0xFFFF) | (c.Reg(2) << 16);
                    uint q = n / src;
                    if (q > 0xFFFF)
                    {
                        return c.Raise(0);
                    }

                    c.SetReg(2, 0, 0, q);
                    c.SetReg(2, 2, 0, n % src);
                    break;
                }

            default:
                {
                    ulong n = c.Reg(0) | ((ulong)c.Reg(2) << 32);
                    ulong q = n / src;
                    if (q > 0xFFFF_FFFF)
                    {
                        return c.Raise(0);
                    }

                    c.Reg(0) = (uint)q;
                    c.Reg(2) = (uint)(n % src);
                    break;
                }
        }

        return Flow.Next;
    }

    private static Flow Idiv(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint src))
        {
            return Flow.Fault;
        }

        if (src == 0)
        {
            return c.Raise(0);
        }

        switch (o.Width)
        {
            case 1:
                {
                    int n = (short)c.Reg(0);
                    int d = (sbyte)src;
                    int q = n / d;
                    if (q > 127 || q < -128)
                    {
                        return c.Raise(0);
                    }

                    c.SetReg(2, 0, 0, ((uint)q & 0xFF) | (((uint)(n % d) & 0xFF) << 8));
                    break;
                }

            case 2:
                {
                    int n = (int)((c.Reg(0) & 0xFFFF) | (c.Reg(2) << 16));
                    int d = (short)src;
                    long q = (long)n / d;
                    if (q > 32767 || q < -32768)
                    {
                        return c.Raise(0);
                    }

                    c.SetReg(2, 0, 0, (uint)q);
                    c.SetReg(2, 2, 0, (uint)((long)n % d));
                    break;
                }

            default:
                {
                    long n = (long)(c.Reg(0) | ((ulong)c.Reg(2) << 32));
                    long d = (int)src;
                    if (n == long.MinValue && d == -1)
                    {
                        return c.Raise(0);
                    }

                    long q = n / d;
                    if (q > int.MaxValue || q < int.MinValue)
                    {
                        return c.Raise(0);
                    }

                    c.Reg(0) = (uint)q;
                    c.Reg(2) = (uint)(n % d);
                    break;
                }
        }

        return Flow.Next;
    }
}
