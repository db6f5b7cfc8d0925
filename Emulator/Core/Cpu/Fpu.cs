using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// The x87 FPU, basic subset: FNINIT, FNSTSW, FNSTCW, FLDCW, FNCLEX, FWAIT, the arithmetic groups
/// (FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR with m32/m64/m16int/m32int and ST(i)), FLD/FST/FSTP,
/// FILD/FIST/FISTP, FXCH, FCHS, FABS, FTST, FCOMPP, FSQRT, FRNDINT, FLD1/FLDZ/FLDPI, FLD/FSTP m80
/// (converted to and from double), and FNSTENV/FLDENV/FNSAVE/FRSTOR (FpuState.cs).
/// Registers hold IEEE double precision, not the 80-bit extended format: results that need more
/// than 53 bits of mantissa are rounded, and the precision-control field is ignored. All x87
/// exceptions are treated as masked (their default results), so FWAIT never faults.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const ushort FpuC0 = 1 << 8;
    private const ushort FpuC1 = 1 << 9;
    private const ushort FpuC2 = 1 << 10;
    private const ushort FpuC3 = 1 << 14;

    private readonly double[] _st = new double[8];
    private byte _fpuEmpty;
    private int _fpuTop;
    private ushort _fpuCw;
    private ushort _fpuSw;

    private void FpuInit()
    {
        _fpuCw = 0x037F;
        _fpuSw = 0;
        _fpuTop = 0;
        _fpuEmpty = 0xFF;
    }

    private ref double St(int i) => ref _st[(_fpuTop + i) & 7];

    private void FpuPush(double v)
    {
        _fpuTop = (_fpuTop - 1) & 7;
        _st[_fpuTop] = v;
        _fpuEmpty &= (byte)~(1 << _fpuTop);
    }

    private void FpuPop()
    {
        _fpuEmpty |= (byte)(1 << _fpuTop);
        _fpuTop = (_fpuTop + 1) & 7;
    }

    private ushort FpuStatus => (ushort)((_fpuSw & ~0x3800) | (_fpuTop << 11));

    private double FpuRound(double v) => ((_fpuCw >> 10) & 3) switch
    {
        0 => Math.Round(v, MidpointRounding.ToEven),
        1 => Math.Floor(v),
        2 => Math.Ceiling(v),
        _ => Math.Truncate(v),
    };

    private void FpuCompare(double a, double b)
    {
        ushort cc = double.IsNaN(a) || double.IsNaN(b) ? (ushort)(FpuC0 | FpuC2 | FpuC3) : a < b ? FpuC0 : a == b ? FpuC3 : (ushort)0;
        _fpuSw = (ushort)((_fpuSw & ~(FpuC0 | FpuC1 | FpuC2 | FpuC3)) | cc);
    }

    /// <summary>Reads a memory operand by kind: 0 m32fp, 1 m64fp, 2 m16int, 3 m32int, 4 m64int, 5 m80fp.</summary>
    private bool FpuReadMem(ref Ops o, int kind, out double v)
    {
        uint ea = Ea(ref o);
        v = 0;
        switch (kind)
        {
            case 5:
                {
                    if (!Read32(o.Seg, ea, out uint m0) || !Read32(o.Seg, (ea + 4) & o.AddrMask, out uint m1)
                        || !Read16(o.Seg, (ea + 8) & o.AddrMask, out ushort se))
                    {
                        return false;
                    }

                    v = FromExtended(m0 | ((ulong)m1 << 32), se);
                    return true;
                }

            case 0:
                if (!Read32(o.Seg, ea, out uint f))
                {
                    return false;
                }

                v = BitConverter.UInt32BitsToSingle(f);
                return true;
            case 2:
                if (!Read16(o.Seg, ea, out ushort s))
                {
                    return false;
                }

                v = (short)s;
                return true;
            case 3:
                if (!Read32(o.Seg, ea, out uint n))
                {
                    return false;
                }

                v = (int)n;
                return true;
            default:
                if (!Read32(o.Seg, ea, out uint lo) || !Read32(o.Seg, (ea + 4) & o.AddrMask, out uint hi))
                {
                    return false;
                }

                ulong bits = lo | ((ulong)hi << 32);
                v = kind == 1 ? BitConverter.UInt64BitsToDouble(bits) : (long)bits;
                return true;
        }
    }

    /// <summary>
    /// The arithmetic groups: Aux bits 0-2 = ADD MUL COM COMP SUB SUBR DIV DIVR, bit 3 = pop after;
    /// Imm = source kind (0-4 memory as in <see cref="FpuReadMem"/>, 8 = ST(R1)); R0 = destination ST index.
    /// </summary>
    private static Flow FArith(Cpu c, ref Instruction i, ref Ops o)
    {
        double src;
        if (o.Imm == 8)
        {
            src = c.St(o.R1);
        }
        else if (!c.FpuReadMem(ref o, (int)o.Imm, out src))
        {
            return Flow.Fault;
        }

        ref double d = ref c.St(o.R0);
        switch (o.Aux & 7)
        {
            case 0:
                d += src;
                break;
            case 1:
                d *= src;
                break;
            case 2:
            case 3:
                c.FpuCompare(d, src);
                if ((o.Aux & 7) == 3)
                {
                    c.FpuPop();
                }

                break;
            case 4:
                d -= src;
                break;
            case 5:
                d = src - d;
                break;
            case 6:
                d /= src;
                break;
            default:
                d = src / d;
                break;
        }

        if ((o.Aux & 8) != 0)
        {
            c.FpuPop();
        }

        return Flow.Next;
    }

    /// <summary>Converts an 80-bit extended value (explicit integer bit) to double, rounding the mantissa to 53 bits.</summary>
    private static double FromExtended(ulong mant, ushort signExp)
    {
        bool negative = (signExp & 0x8000) != 0;
        int exp = signExp & 0x7FFF;
        double v;
        if (exp == 0x7FFF)
        {
            v = (mant << 1) == 0 ? double.PositiveInfinity : double.NaN;
        }
        else
        {
            v = Math.ScaleB(mant, exp - 16383 - 63);
        }

        return negative ? -v : v;
    }

    /// <summary>Converts a double to the 80-bit extended format; returns the mantissa and the sign/exponent word.</summary>
    private static ulong ToExtended(double v, out ushort signExp)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(v);
        ushort sign = (ushort)((bits >> 48) & 0x8000);
        int e = (int)((bits >> 52) & 0x7FF);
        ulong frac = bits & ((1UL << 52) - 1);
        if (e == 0x7FF)
        {
            signExp = (ushort)(sign | 0x7FFF);
            return frac == 0 ? 0x8000_0000_0000_0000 : 0xC000_0000_0000_0000 | (frac << 11);
        }

        if (e == 0)
        {
            if (frac == 0)
            {
                signExp = sign;
                return 0;
            }

            int lz = System.Numerics.BitOperations.LeadingZeroCount(frac);
            signExp = (ushort)(sign | (16383 + 63 - 1074 - lz));
            return frac << lz;
        }

        signExp = (ushort)(sign | (e - 1023 + 16383));
        return 0x8000_0000_0000_0000 | (frac << 11);
    }

    /// <summary>FLD: Imm = source kind (memory kinds, 8 = ST(R1)).</summary>
    private static Flow Fld(Cpu c, ref Instruction i, ref Ops o)
    {
        double v;
        if (o.Imm == 8)
        {
            v = c.St(o.R1);
        }
        else if (!c.FpuReadMem(ref o, (int)o.Imm, out v))
        {
            return Flow.Fault;
        }

        c.FpuPush(v);
        return Flow.Next;
    }

    /// <summary>FLD1, FLDZ, FLDPI, FLDL2T, FLDL2E, FLDLG2, FLDLN2 (Aux selects).</summary>
    private static Flow FldConst(Cpu c, ref Instruction i, ref Ops o)
    {
        c.FpuPush(o.Aux switch
        {
            0 => 1.0,
            1 => 0.0,
            2 => Math.PI,
            3 => Math.Log2(10),
            4 => Math.Log2(Math.E),
            5 => Math.Log10(2),
            _ => Math.Log(2),
        });
        return Flow.Next;
    }

    /// <summary>FST/FSTP/FIST/FISTP: Imm = destination kind (memory kinds, 8 = ST(R0)), Aux bit 3 = pop.</summary>
    private static Flow Fst(Cpu c, ref Instruction i, ref Ops o)
    {
        double v = c.St(0);
        bool ok = true;
        if (o.Imm == 8)
        {
            c.St(o.R0) = v;
        }
        else
        {
            uint ea = c.Ea(ref o);
            switch (o.Imm)
            {
                case 0:
                    ok = c.Write32(o.Seg, ea, BitConverter.SingleToUInt32Bits((float)v));
                    break;
                case 1:
                    {
                        ulong bits = BitConverter.DoubleToUInt64Bits(v);
                        ok = c.Write32(o.Seg, ea, (uint)bits) && c.Write32(o.Seg, (ea + 4) & o.AddrMask, (uint)(bits >> 32));
                        break;
                    }

                case 2:
                    {
                        double r = c.FpuRound(v);
                        ushort n = double.IsNaN(r) || r > short.MaxValue || r < short.MinValue ? (ushort)0x8000 : (ushort)(short)r;
                        ok = c.Write16(o.Seg, ea, n);
                        break;
                    }

                case 3:
                    {
                        double r = c.FpuRound(v);
                        uint n = double.IsNaN(r) || r > int.MaxValue || r < int.MinValue ? 0x8000_0000 : (uint)(int)r;
                        ok = c.Write32(o.Seg, ea, n);
                        break;
                    }

                case 5:
                    {
                        ulong mant = ToExtended(v, out ushort se);
                        ok = c.Write32(o.Seg, ea, (uint)mant) && c.Write32(o.Seg, (ea + 4) & o.AddrMask, (uint)(mant >> 32))
                            && c.Write16(o.Seg, (ea + 8) & o.AddrMask, se);
                        break;
                    }

                default:
                    {
                        double r = c.FpuRound(v);
                        ulong n = double.IsNaN(r) || r >= 9.2233720368547758E18 || r < long.MinValue ? 0x8000_0000_0000_0000 : (ulong)(long)r;
                        ok = c.Write32(o.Seg, ea, (uint)n) && c.Write32(o.Seg, (ea + 4) & o.AddrMask, (uint)(n >> 32));
                        break;
                    }
            }
        }

        if (ok && (o.Aux & 8) != 0)
        {
            c.FpuPop();
        }

        return ok ? Flow.Next : Flow.Fault;
    }

    /// <summary>Register-only x87 operations (Aux): 0 FNINIT, 1 FNCLEX, 2 FCHS, 3 FABS, 4 FTST, 5 FXCH ST(R1), 6 FCOMPP, 7 FSQRT, 8 FRNDINT, 9 FNOP, 10 FFREE ST(R0), 11 FINCSTP, 12 FDECSTP.</summary>
    private static Flow FMisc(Cpu c, ref Instruction i, ref Ops o)
    {
        switch (o.Aux)
        {
            case 0:
                c.FpuInit();
                break;
            case 1:
                c._fpuSw &= 0x7F00;
                break;
            case 2:
                c.St(0) = -c.St(0);
                break;
            case 3:
                c.St(0) = Math.Abs(c.St(0));
                break;
            case 4:
                c.FpuCompare(c.St(0), 0.0);
                break;
            case 5:
                (c.St(0), c.St(o.R1)) = (c.St(o.R1), c.St(0));
                break;
            case 6:
                c.FpuCompare(c.St(0), c.St(1));
                c.FpuPop();
                c.FpuPop();
                break;
            case 7:
                c.St(0) = Math.Sqrt(c.St(0));
                break;
            case 8:
                c.St(0) = c.FpuRound(c.St(0));
                break;
            case 10:
                c._fpuEmpty |= (byte)(1 << ((c._fpuTop + o.R0) & 7));
                break;
            case 11:
                c._fpuTop = (c._fpuTop + 1) & 7;
                break;
            case 12:
                c._fpuTop = (c._fpuTop - 1) & 7;
                break;
        }

        return Flow.Next;
    }

    /// <summary>FNSTSW AX (Aux 1) or m16 (Aux 0), FNSTCW m16 (Aux 2), FLDCW m16 (Aux 3).</summary>
    private static Flow FControl(Cpu c, ref Instruction i, ref Ops o)
    {
        switch (o.Aux)
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

                c._fpuCw = (ushort)(cw | 0x40);
                return Flow.Next;
        }
    }
}
