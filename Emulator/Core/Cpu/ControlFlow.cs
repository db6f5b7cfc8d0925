using System.Runtime.CompilerServices;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// JMP, Jcc, JCXZ, LOOPcc, CALL, RET, far transfers, INT n/INT3/INTO/INT1, IRET, BOUND. A transfer
/// sets EIP and returns <see cref="Flow.Branch"/> (the block ends there); a target beyond the CS limit raises #GP(0)
/// before anything is pushed (SDM Vol. 2, JMP/CALL real-address-mode exceptions).
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>After a far transfer or an interrupt, which set EIP or recorded a fault: which of the two happened.</summary>
    private Flow Ended() => _fault >= 0 ? Flow.Fault : Flow.Branch;

    private Flow JumpNear(uint target)
    {
        if (target > _s[SegCs].Limit)
        {
            Fault(13);
            return Flow.Fault;
        }

        _eip = target;
        return Flow.Branch;
    }

    private static Flow JmpRel(Cpu c, ref Instruction i, ref Ops o) => c.JumpNear(o.Imm);

    /// <summary>The body of <see cref="JmpRel"/> with its target as a value (the IL tier passes it as a constant).</summary>
    internal static Flow JmpRelForm(Cpu c, uint imm) => c.JumpNear(imm);

    private static Flow Jcc<TC>(Cpu c, ref Instruction i, ref Ops o)
        where TC : struct, ICondition => JccForm<TC>(c, o.Imm);

    /// <summary>The body of <see cref="Jcc"/> with its target as a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow JccForm<TC>(Cpu c, uint imm)
        where TC : struct, ICondition
    {
        if (TC.Test(c))
        {
            return c.JumpNear(imm);
        }

        return Flow.Stop;
    }

    private static Flow JccAny(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.Condition(o.Aux))
        {
            return c.JumpNear(o.Imm);
        }

        return Flow.Stop;
    }

    private struct CondE : ICondition
    {
        public static bool Test(Cpu c) => c.Zf();
    }

    private struct CondNe : ICondition
    {
        public static bool Test(Cpu c) => !c.Zf();
    }

    private struct CondB : ICondition
    {
        public static bool Test(Cpu c) => c.Cf() != 0;
    }

    private struct CondAe : ICondition
    {
        public static bool Test(Cpu c) => c.Cf() == 0;
    }

    /// <summary>JCXZ/JECXZ (Aux bit 0: ECX).</summary>
    private static Flow Jcxz(Cpu c, ref Instruction i, ref Ops o)
    {
        uint count = (o.Aux & 1) != 0 ? c.Reg(1) : c.Reg(1) & 0xFFFF;
        if (count == 0)
        {
            return c.JumpNear(o.Imm);
        }

        return Flow.Stop;
    }

    /// <summary>LOOP (Aux bits 1-2: 0 LOOP, 1 LOOPE, 2 LOOPNE; bit 0: ECX). Flags are not changed.</summary>
    private static Flow Loop(Cpu c, ref Instruction i, ref Ops o)
    {
        uint count;
        if ((o.Aux & 1) != 0)
        {
            count = --c.Reg(1);
        }
        else
        {
            count = (c.Reg(1) - 1) & 0xFFFF;
            c.SetReg(2, 1, 0, count);
        }

        int kind = o.Aux >> 1;
        bool take = count != 0 && (kind == 0 || (kind == 1 ? c.Zf() : !c.Zf()));
        if (take)
        {
            return c.JumpNear(o.Imm);
        }

        return Flow.Stop;
    }

    private static Flow CallRel(Cpu c, ref Instruction i, ref Ops o)
    {
        if (o.Imm > c._s[SegCs].Limit)
        {
            return c.Raise(13);
        }

        if (!c.PushW(o.Width, i.NextIP32))
        {
            return Flow.Fault;
        }

        c._eip = o.Imm;
        return Flow.Branch;
    }

    private static Flow JmpRm(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint target))
        {
            return Flow.Fault;
        }

        return c.JumpNear(target);
    }

    private static Flow CallRm(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint target))
        {
            return Flow.Fault;
        }

        if (target > c._s[SegCs].Limit)
        {
            return c.Raise(13);
        }

        if (!c.PushW(o.Width, i.NextIP32))
        {
            return Flow.Fault;
        }

        c._eip = target;
        return Flow.Branch;
    }

    /// <summary>RET / RET imm16 (Imm = bytes to release).</summary>
    private static Flow Ret(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.PeekW(o.Width, 0, out uint target))
        {
            return Flow.Fault;
        }

        if (target > c._s[SegCs].Limit)
        {
            return c.Raise(13);
        }

        c.AddSp((uint)o.Width + o.Imm);
        c._eip = target;
        return Flow.Branch;
    }

    private bool FarTransfer(ushort selector, uint offset)
    {
        if (_pe)
        {
            return FarJumpProtected(selector, offset, 0, 0);
        }

        LoadSegmentReal(SegCs, selector);
        _eip = offset;
        return false;
    }

    /// <summary>JMP ptr16:16/32 (Imm = offset, selector from the instruction).</summary>
    private static Flow JmpFar(Cpu c, ref Instruction i, ref Ops o)
    {
        c.FarTransfer(i.FarBranchSelector, o.Imm);
        return c.Ended();
    }

    private static Flow CallFar(Cpu c, ref Instruction i, ref Ops o)
    {
        c.FarCall(i.FarBranchSelector, o.Imm, o.Width, i.NextIP32);
        return c.Ended();
    }

    private bool FarCall(ushort selector, uint offset, int w, uint returnEip)
    {
        if (_pe)
        {
            return FarJumpProtected(selector, offset, w, returnEip);
        }

        uint sp = Reg(4);
        if (!PushW(w, _s[SegCs].Selector) || !PushW(w, returnEip))
        {
            Reg(4) = sp;
            return false;
        }

        return FarTransfer(selector, offset);
    }

    private bool ReadFarPointer(ref Ops o, out uint offset, out ushort selector)
    {
        uint ea = Ea(ref o);
        selector = 0;
        return ReadW(o.Width, o.Seg, ea, out offset) && Read16(o.Seg, (ea + (uint)o.Width) & o.AddrMask, out selector);
    }

    private static Flow JmpFarM(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadFarPointer(ref o, out uint offset, out ushort selector))
        {
            return Flow.Fault;
        }

        c.FarTransfer(selector, offset);
        return c.Ended();
    }

    private static Flow CallFarM(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadFarPointer(ref o, out uint offset, out ushort selector))
        {
            return Flow.Fault;
        }

        c.FarCall(selector, offset, o.Width, i.NextIP32);
        return c.Ended();
    }

    private static Flow RetFar(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        if (!c.PeekW(w, 0, out uint offset) || !c.PeekW(w, (uint)w, out uint selector))
        {
            return Flow.Fault;
        }

        if (c._pe)
        {
            c.FarReturnProtected((ushort)selector, offset, w, o.Imm, false, 0);
            return c.Ended();
        }

        c.AddSp((uint)(2 * w) + o.Imm);
        c.FarTransfer((ushort)selector, offset);
        return c.Ended();
    }

    private static Flow Iret(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        if (!c.PeekW(w, 0, out uint offset) || !c.PeekW(w, (uint)w, out uint selector) || !c.PeekW(w, (uint)(2 * w), out uint flags))
        {
            return Flow.Fault;
        }

        if (c._pe)
        {
            c.IretProtected((ushort)selector, offset, w, flags);
            return c.Ended();
        }

        c.AddSp((uint)(3 * w));
        uint cur = c.GetFlagsValue();
        uint next = w == 2 ? (cur & 0xFFFF_0000) | (flags & 0x7FD5) : (cur & 0x001A_0000) | (flags & 0x0025_7FD5);
        c.SetFlagsValue(next);
        c.FarTransfer((ushort)selector, offset);
        return c.Ended();
    }

    /// <summary>INT n, INT3, INT1 (Imm = vector): the pushed return address is the next instruction.</summary>
    private static Flow IntN(Cpu c, ref Instruction i, ref Ops o)
    {
        c.DeliverSoftware((byte)o.Imm, i.NextIP32, i.Code != Code.Int1);
        return c.Ended();
    }

    private static Flow Into(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Of())
        {
            return Flow.Next;
        }

        c.DeliverSoftware(4, i.NextIP32, true);
        return c.Ended();
    }

    /// <summary>BOUND r, m: #BR (vector 5) with the faulting address when the signed index is outside [lower, upper].</summary>
    private static Flow Bound(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint ea = c.Ea(ref o);
        if (!c.ReadW(w, o.Seg, ea, out uint lo) || !c.ReadW(w, o.Seg, (ea + (uint)w) & o.AddrMask, out uint hi))
        {
            return Flow.Fault;
        }

        uint idx = c.GetReg(w, o.R0, 0);
        bool outside = w == 2
            ? (short)idx < (short)lo || (short)idx > (short)hi
            : (int)idx < (int)lo || (int)idx > (int)hi;
        return outside ? c.Raise(5) : Flow.Next;
    }

    /// <summary>
    /// Real-address-mode interrupt and exception delivery (SDM Vol. 3 20.1.4): push FLAGS, CS, IP;
    /// clear IF, TF and AC; load CS:IP from the IVT entry at IDTR.base + vector × 4.
    /// </summary>
    private void DeliverReal(byte vector, uint returnEip)
    {
        uint flags = GetFlagsValue();
        uint sp = Reg(4);
        uint ssBase = _s[SegSs].Base;
        WritePhys16(ssBase + ((sp - 2) & 0xFFFF), (ushort)flags);
        WritePhys16(ssBase + ((sp - 4) & 0xFFFF), _s[SegCs].Selector);
        WritePhys16(ssBase + ((sp - 6) & 0xFFFF), (ushort)returnEip);
        Reg(4) = (sp & 0xFFFF_0000) | ((sp - 6) & 0xFFFF);
        _flags &= ~(FIf | FTf | (uint)EFlags.AC);
        uint entry = _idtBase + ((uint)vector * 4);
        ushort ip = ReadPhys16(entry);
        ushort cs = ReadPhys16(entry + 2);
        LoadSegmentReal(SegCs, cs);
        _eip = ip;
    }

    private static Flow FaultUd(Cpu c, ref Instruction i, ref Ops o) => c.Raise(6);

    private static Flow FaultGp(Cpu c, ref Instruction i, ref Ops o) => c.Raise(13);
}
