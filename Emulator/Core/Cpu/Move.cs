using System.Runtime.CompilerServices;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>MOV and the other data moves: MOVZX/MOVSX, XCHG, LEA, XLAT, LAHF/SAHF, CBW/CWDE/CWD/CDQ, SALC, CMPXCHG, XADD.</summary>
public sealed unsafe partial class Cpu
{
    private static Flow MovRR<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => MovRRForm<TW>(c, o.R0, o.R0Sh, o.R1, o.R1Sh);

    /// <summary>The body of <see cref="MovRR"/> with its operands as values (the IL tier passes them as constants).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow MovRRForm<TW>(Cpu c, byte r0, byte r0Sh, byte r1, byte r1Sh)
        where TW : struct, IWidth
    {
        TW.SetReg(c, r0, r0Sh, TW.GetReg(c, r1, r1Sh));
        return Flow.Next;
    }

    private static Flow MovRI<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => MovRIForm<TW>(c, o.R0, o.R0Sh, o.Imm);

    /// <summary>The body of <see cref="MovRI"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow MovRIForm<TW>(Cpu c, byte r0, byte r0Sh, uint imm)
        where TW : struct, IWidth
    {
        TW.SetReg(c, r0, r0Sh, imm);
        return Flow.Next;
    }

    private static Flow MovRM<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => MovRMForm<TW>(c, o.R0, o.R0Sh, o.Seg, c.Ea(ref o));

    /// <summary>The body of <see cref="MovRM"/> with its operands as values (<c>ea</c>: the memory operand's offset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow MovRMForm<TW>(Cpu c, byte r0, byte r0Sh, byte seg, uint ea)
        where TW : struct, IWidth
    {
        if (!TW.Read(c, seg, ea, out uint v))
        {
            return Flow.Fault;
        }

        TW.SetReg(c, r0, r0Sh, v);
        return Flow.Next;
    }

    private static Flow MovMR<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => MovMRForm<TW>(c, o.R1, o.R1Sh, o.Seg, c.Ea(ref o));

    /// <summary>The body of <see cref="MovMR"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow MovMRForm<TW>(Cpu c, byte r1, byte r1Sh, byte seg, uint ea)
        where TW : struct, IWidth => TW.Write(c, seg, ea, TW.GetReg(c, r1, r1Sh)) ? Flow.Next : Flow.Fault;

    private static Flow MovMI<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => MovMIForm<TW>(c, o.Imm, o.Seg, c.Ea(ref o));

    /// <summary>The body of <see cref="MovMI"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow MovMIForm<TW>(Cpu c, uint imm, byte seg, uint ea)
        where TW : struct, IWidth => TW.Write(c, seg, ea, imm) ? Flow.Next : Flow.Fault;

    /// <summary>MOV Sreg, r/m16 (Aux = segment index). MOV SS inhibits interrupts for one instruction (SDM Vol. 3 6.8.3).</summary>
    private static Flow MovSregRm(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm1(ref o, 2, out uint v))
        {
            return Flow.Fault;
        }

        if (!c.LoadSegment(o.Aux, (ushort)v))
        {
            return Flow.Fault;
        }

        if (o.Aux == SegSs)
        {
            c._shadow = true;
        }

        return Flow.Next;
    }

    /// <summary>MOV r/m, Sreg: a 32-bit register destination gets the selector zero-extended (P6 behaviour, SDM Vol. 2 MOV).</summary>
    private static Flow MovRmSreg(Cpu c, ref Instruction i, ref Ops o)
    {
        uint sel = c._s[o.Aux].Selector;
        if (o.R0 != Ops.NoReg)
        {
            c.SetReg(o.Width, o.R0, 0, sel);
            return Flow.Next;
        }

        return c.Write16(o.Seg, c.Ea(ref o), (ushort)sel) ? Flow.Next : Flow.Fault;
    }

    /// <summary>MOVZX (Aux 0) / MOVSX (Aux 1); the source width is in Imm.</summary>
    private static Flow MovExtend(Cpu c, ref Instruction i, ref Ops o)
    {
        int sw = (int)o.Imm;
        if (!c.ReadRm1(ref o, sw, out uint v))
        {
            return Flow.Fault;
        }

        if (o.Aux != 0)
        {
            v = sw == 1 ? (uint)(sbyte)v : (uint)(short)v;
        }

        c.SetReg(o.Width, o.R0, o.R0Sh, v);
        return Flow.Next;
    }

    private static Flow Xchg(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint b = c.GetReg(w, o.R1, o.R1Sh);
        if (o.R0 != Ops.NoReg)
        {
            uint a = c.GetReg(w, o.R0, o.R0Sh);
            c.SetReg(w, o.R0, o.R0Sh, b);
            c.SetReg(w, o.R1, o.R1Sh, a);
            return Flow.Next;
        }

        uint ea = c.Ea(ref o);
        if (!c.ReadW(w, o.Seg, ea, out uint m) || !c.WriteW(w, o.Seg, ea, b))
        {
            return Flow.Fault;
        }

        c.SetReg(w, o.R1, o.R1Sh, m);
        return Flow.Next;
    }

    private static Flow Lea(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(o.Width, o.R0, 0, c.Ea(ref o));
        return Flow.Next;
    }

    private static Flow Xlat(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ea = (c.Reg(o.Base) + (c.Reg(0) & 0xFF)) & o.AddrMask;
        if (!c.Read8(o.Seg, ea, out byte v))
        {
            return Flow.Fault;
        }

        c.SetReg(1, 0, 0, v);
        return Flow.Next;
    }

    private static Flow Lahf(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(1, 0, 8, (c.GetFlagsValue() & 0xD5) | 2);
        return Flow.Next;
    }

    private static Flow Sahf(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetArith(FSf | FZf | FAf | FPf | FCf, (c.Reg(0) >> 8) & 0xD5);
        return Flow.Next;
    }

    private static Flow Cbw(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(2, 0, 0, (uint)(sbyte)c.Reg(0));
        return Flow.Next;
    }

    private static Flow Cwde(Cpu c, ref Instruction i, ref Ops o)
    {
        c.Reg(0) = (uint)(short)c.Reg(0);
        return Flow.Next;
    }

    private static Flow Cwd(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(2, 2, 0, (c.Reg(0) & 0x8000) != 0 ? 0xFFFFu : 0u);
        return Flow.Next;
    }

    private static Flow Cdq(Cpu c, ref Instruction i, ref Ops o)
    {
        c.Reg(2) = (c.Reg(0) & 0x8000_0000) != 0 ? 0xFFFF_FFFFu : 0u;
        return Flow.Next;
    }

    /// <summary>SALC (undocumented, D6): AL = CF ? FF : 00.</summary>
    private static Flow Salc(Cpu c, ref Instruction i, ref Ops o)
    {
        c.SetReg(1, 0, 0, c.Cf() != 0 ? 0xFFu : 0u);
        return Flow.Next;
    }

    /// <summary>LDS/LES/LFS/LGS/LSS r, m16:16/m16:32 (Aux = segment index).</summary>
    private static Flow LoadFar(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint ea = c.Ea(ref o);
        if (!c.ReadW(w, o.Seg, ea, out uint off) || !c.Read16(o.Seg, (ea + (uint)w) & o.AddrMask, out ushort sel))
        {
            return Flow.Fault;
        }

        if (!c.LoadSegment(o.Aux, sel))
        {
            return Flow.Fault;
        }

        c.SetReg(w, o.R0, 0, off);
        return Flow.Next;
    }

    private static Flow Cmpxchg(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint ea = o.R0 == Ops.NoReg ? c.Ea(ref o) : 0;
        if (!c.ReadRm0(ref o, out uint dest))
        {
            return Flow.Fault;
        }

        uint acc = c.GetReg(w, 0, 0);
        uint sign = SignOf(w);
        c.SetLazy(LfSub, acc, dest, acc - dest, sign);
        uint mask = MaskOf(w);
        if ((acc & mask) == (dest & mask))
        {
            return c.WriteRm0(ref o, c.GetReg(w, o.R1, o.R1Sh)) ? Flow.Next : Flow.Fault;
        }

        // The destination is written back even when unequal (SDM Vol. 2 CMPXCHG: "the processor never
        // produces a locked read without also producing a locked write").
        if (o.R0 == Ops.NoReg && !c.WriteW(w, o.Seg, ea, dest))
        {
            return Flow.Fault;
        }

        c.SetReg(w, 0, 0, dest);
        return Flow.Next;
    }

    private static Flow Xadd(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        if (!c.ReadRm0(ref o, out uint dest))
        {
            return Flow.Fault;
        }

        uint src = c.GetReg(w, o.R1, o.R1Sh);
        uint sum = dest + src;
        if (o.R0 == Ops.NoReg && !c.WriteRm0(ref o, sum))
        {
            return Flow.Fault;
        }

        c.SetLazy(LfAdd, dest, src, sum, SignOf(w));
        c.SetReg(w, o.R1, o.R1Sh, dest);
        if (o.R0 != Ops.NoReg)
        {
            c.SetReg(w, o.R0, o.R0Sh, sum);
        }

        return Flow.Next;
    }

    private static Flow Cmpxchg8b(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ea = c.Ea(ref o);
        if (!c.Read32(o.Seg, ea, out uint lo) || !c.Read32(o.Seg, (ea + 4) & o.AddrMask, out uint hi))
        {
            return Flow.Fault;
        }

        c.Materialize();
        if (lo == c.Reg(0) && hi == c.Reg(2))
        {
            if (!c.Write32(o.Seg, ea, c.Reg(3)) || !c.Write32(o.Seg, (ea + 4) & o.AddrMask, c.Reg(1)))
            {
                return Flow.Fault;
            }

            c._flags |= FZf;
            return Flow.Next;
        }

        if (!c.Write32(o.Seg, ea, lo) || !c.Write32(o.Seg, (ea + 4) & o.AddrMask, hi))
        {
            return Flow.Fault;
        }

        c._flags &= ~FZf;
        c.Reg(0) = lo;
        c.Reg(2) = hi;
        return Flow.Next;
    }
}
