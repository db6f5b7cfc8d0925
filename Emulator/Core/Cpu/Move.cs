using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>MOV and the other data moves: MOVZX/MOVSX, XCHG, LEA, XLAT, LAHF/SAHF, CBW/CWDE/CWD/CDQ, SALC, CMPXCHG, XADD.</summary>
public sealed unsafe partial class Cpu
{
    private static bool MovRR<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth
    {
        TW.SetReg(c, o.R0, o.R0Sh, TW.GetReg(c, o.R1, o.R1Sh));
        return true;
    }

    private static bool MovRI<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth
    {
        TW.SetReg(c, o.R0, o.R0Sh, o.Imm);
        return true;
    }

    private static bool MovRM<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth
    {
        if (!TW.Read(c, o.Seg, c.Ea(ref o), out uint v))
        {
            return false;
        }

        TW.SetReg(c, o.R0, o.R0Sh, v);
        return true;
    }

    private static bool MovMR<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => TW.Write(c, o.Seg, c.Ea(ref o), TW.GetReg(c, o.R1, o.R1Sh));

    private static bool MovMI<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => TW.Write(c, o.Seg, c.Ea(ref o), o.Imm);

    /// <summary>MOV Sreg, r/m16 (Aux = segment index). MOV SS inhibits interrupts for one instruction (SDM Vol. 3 6.8.3).</summary>
    private static bool MovSregRm(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm1(ref o, 2, out uint v))
        {
            return false;
        }

        if (!c.LoadSegment(o.Aux, (ushort)v))
        {
            return false;
        }

        if (o.Aux == SegSs)
        {
            c._shadow = true;
        }

        return true;
    }

    /// <summary>MOV r/m, Sreg: a 32-bit register destination gets the selector zero-extended (P6 behaviour, SDM Vol. 2 MOV).</summary>
    private static bool MovRmSreg(Cpu c, ref Instruction i, ref Ops o)
    {
        uint sel = c._s[o.Aux].Selector;
        if (o.R0 != Ops.NoReg)
        {
            c.SetReg(o.Width, o.R0, 0, sel);
            return true;
        }

        return c.Write16(o.Seg, c.Ea(ref o), (ushort)sel);
    }

    /// <summary>MOVZX (Aux 0) / MOVSX (Aux 1); the source width is in Imm.</summary>
    private static bool MovExtend(Cpu c, ref Instruction i, ref Ops o)
    {
        int sw = (int)o.Imm;
        if (!c.ReadRm1(ref o, sw, out uint v))
        {
            return false;
        }

        if (o.Aux != 0)
        {
            v = sw == 1 ? (uint)(sbyte)v : (uint)(short)v;
        }

        c.SetReg(o.Width, o.R0, o.R0Sh, v);
        return true;
    }

    private static bool Xchg(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint b = c.GetReg(w, o.R1, o.R1Sh);
        if (o.R0 != Ops.NoReg)
        {
            uint a = c.GetReg(w, o.R0, o.R0Sh);
            c.SetReg(w, o.R0, o.R0Sh, b);
            c.SetReg(w, o.R1, o.R1Sh, a);
            return true;
        }

        uint ea = c.Ea(ref o);
        if (!c.ReadW(w, o.Seg, ea, out uint m) || !c.WriteW(w, o.Seg, ea, b))
        {
            return false;
        }

        c.SetReg(w, o.R1, o.R1Sh, m);
        return true;
    }

    private static bool Lea(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(o.Width, o.R0, 0, c.Ea(ref o));
        return true;
    }

    private static bool Xlat(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ea = (c.Reg(o.Base) + (c.Reg(0) & 0xFF)) & o.AddrMask;
        if (!c.Read8(o.Seg, ea, out byte v))
        {
            return false;
        }

        c.SetReg(1, 0, 0, v);
        return true;
    }

    private static bool Lahf(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(1, 0, 8, (c.GetFlagsValue() & 0xD5) | 2);
        return true;
    }

    private static bool Sahf(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetArith(FSf | FZf | FAf | FPf | FCf, (c.Reg(0) >> 8) & 0xD5);
        return true;
    }

    private static bool Cbw(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(2, 0, 0, (uint)(sbyte)c.Reg(0));
        return true;
    }

    private static bool Cwde(Cpu c, ref Instruction i, ref Ops o)
    {
        c.Reg(0) = (uint)(short)c.Reg(0);
        return true;
    }

    private static bool Cwd(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(2, 2, 0, (c.Reg(0) & 0x8000) != 0 ? 0xFFFFu : 0u);
        return true;
    }

    private static bool Cdq(Cpu c, ref Instruction i, ref Ops o)
    {
        c.Reg(2) = (c.Reg(0) & 0x8000_0000) != 0 ? 0xFFFF_FFFFu : 0u;
        return true;
    }

    /// <summary>SALC (undocumented, D6): AL = CF ? FF : 00.</summary>
    private static bool Salc(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(1, 0, 0, c.Cf() != 0 ? 0xFFu : 0u);
        return true;
    }

    /// <summary>LDS/LES/LFS/LGS/LSS r, m16:16/m16:32 (Aux = segment index).</summary>
    private static bool LoadFar(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint ea = c.Ea(ref o);
        if (!c.ReadW(w, o.Seg, ea, out uint off) || !c.Read16(o.Seg, (ea + (uint)w) & o.AddrMask, out ushort sel))
        {
            return false;
        }

        if (!c.LoadSegment(o.Aux, sel))
        {
            return false;
        }

        c.SetReg(w, o.R0, 0, off);
        return true;
    }

    private static bool Cmpxchg(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint ea = o.R0 == Ops.NoReg ? c.Ea(ref o) : 0;
        if (!c.ReadRm0(ref o, out uint dest))
        {
            return false;
        }

        uint acc = c.GetReg(w, 0, 0);
        uint sign = SignOf(w);
        c.SetLazy(LfSub, acc, dest, acc - dest, sign);
        uint mask = MaskOf(w);
        if ((acc & mask) == (dest & mask))
        {
            return c.WriteRm0(ref o, c.GetReg(w, o.R1, o.R1Sh));
        }

        // The destination is written back even when unequal (SDM Vol. 2 CMPXCHG: "the processor never
        // produces a locked read without also producing a locked write").
        if (o.R0 == Ops.NoReg && !c.WriteW(w, o.Seg, ea, dest))
        {
            return false;
        }

        c.SetReg(w, 0, 0, dest);
        return true;
    }

    private static bool Xadd(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        if (!c.ReadRm0(ref o, out uint dest))
        {
            return false;
        }

        uint src = c.GetReg(w, o.R1, o.R1Sh);
        uint sum = dest + src;
        if (o.R0 == Ops.NoReg && !c.WriteRm0(ref o, sum))
        {
            return false;
        }

        c.SetLazy(LfAdd, dest, src, sum, SignOf(w));
        c.SetReg(w, o.R1, o.R1Sh, dest);
        if (o.R0 != Ops.NoReg)
        {
            c.SetReg(w, o.R0, o.R0Sh, sum);
        }

        return true;
    }

    private static bool Cmpxchg8b(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ea = c.Ea(ref o);
        if (!c.Read32(o.Seg, ea, out uint lo) || !c.Read32(o.Seg, (ea + 4) & o.AddrMask, out uint hi))
        {
            return false;
        }

        c.Materialize();
        if (lo == c.Reg(0) && hi == c.Reg(2))
        {
            if (!c.Write32(o.Seg, ea, c.Reg(3)) || !c.Write32(o.Seg, (ea + 4) & o.AddrMask, c.Reg(1)))
            {
                return false;
            }

            c._flags |= FZf;
            return true;
        }

        if (!c.Write32(o.Seg, ea, lo) || !c.Write32(o.Seg, (ea + 4) & o.AddrMask, hi))
        {
            return false;
        }

        c._flags &= ~FZf;
        c.Reg(0) = lo;
        c.Reg(2) = hi;
        return true;
    }
}
