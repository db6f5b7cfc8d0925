using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// JMP, Jcc, JCXZ, LOOPcc, CALL, RET, far transfers, INT n/INT3/INTO/INT1, IRET, BOUND. A transfer
/// sets EIP and returns false (the block ends there); a target beyond the CS limit raises #GP(0)
/// before anything is pushed (SDM Vol. 2, JMP/CALL real-address-mode exceptions).
/// </summary>
public sealed unsafe partial class Cpu
{
    private bool JumpNear(uint target)
    {
        if (target > _s[SegCs].Limit)
        {
            return Fault(13);
        }

        _eip = target;
        return false;
    }

    private static bool JmpRel(Cpu c, ref Instruction i, ref Ops o) => c.JumpNear(o.Imm);

    private static bool Jcc<TC>(Cpu c, ref Instruction i, ref Ops o)
        where TC : struct, ICondition
    {
        if (TC.Test(c))
        {
            return c.JumpNear(o.Imm);
        }

        c._eip = i.NextIP32;
        return false;
    }

    private static bool JccAny(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.Condition(o.Aux))
        {
            return c.JumpNear(o.Imm);
        }

        c._eip = i.NextIP32;
        return false;
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
    private static bool Jcxz(Cpu c, ref Instruction i, ref Ops o)
    {
        uint count = (o.Aux & 1) != 0 ? c.Reg(1) : c.Reg(1) & 0xFFFF;
        if (count == 0)
        {
            return c.JumpNear(o.Imm);
        }

        c._eip = i.NextIP32;
        return false;
    }

    /// <summary>LOOP (Aux bits 1-2: 0 LOOP, 1 LOOPE, 2 LOOPNE; bit 0: ECX). Flags are not changed.</summary>
    private static bool Loop(Cpu c, ref Instruction i, ref Ops o)
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

        c._eip = i.NextIP32;
        return false;
    }

    private static bool CallRel(Cpu c, ref Instruction i, ref Ops o)
    {
        if (o.Imm > c._s[SegCs].Limit)
        {
            return c.Fault(13);
        }

        if (!c.PushW(o.Width, i.NextIP32))
        {
            return false;
        }

        c._eip = o.Imm;
        return false;
    }

    private static bool JmpRm(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint target))
        {
            return false;
        }

        return c.JumpNear(target);
    }

    private static bool CallRm(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint target))
        {
            return false;
        }

        if (target > c._s[SegCs].Limit)
        {
            return c.Fault(13);
        }

        if (!c.PushW(o.Width, i.NextIP32))
        {
            return false;
        }

        c._eip = target;
        return false;
    }

    /// <summary>RET / RET imm16 (Imm = bytes to release).</summary>
    private static bool Ret(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.PeekW(o.Width, 0, out uint target))
        {
            return false;
        }

        if (target > c._s[SegCs].Limit)
        {
            return c.Fault(13);
        }

        c.AddSp((uint)o.Width + o.Imm);
        c._eip = target;
        return false;
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
    private static bool JmpFar(Cpu c, ref Instruction i, ref Ops o) => c.FarTransfer(i.FarBranchSelector, o.Imm);

    private static bool CallFar(Cpu c, ref Instruction i, ref Ops o) => c.FarCall(i.FarBranchSelector, o.Imm, o.Width, i.NextIP32);

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

    private static bool JmpFarM(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadFarPointer(ref o, out uint offset, out ushort selector))
        {
            return false;
        }

        return c.FarTransfer(selector, offset);
    }

    private static bool CallFarM(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadFarPointer(ref o, out uint offset, out ushort selector))
        {
            return false;
        }

        return c.FarCall(selector, offset, o.Width, i.NextIP32);
    }

    private static bool RetFar(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        if (!c.PeekW(w, 0, out uint offset) || !c.PeekW(w, (uint)w, out uint selector))
        {
            return false;
        }

        if (c._pe)
        {
            return c.FarReturnProtected((ushort)selector, offset, w, o.Imm, false, 0);
        }

        c.AddSp((uint)(2 * w) + o.Imm);
        return c.FarTransfer((ushort)selector, offset);
    }

    private static bool Iret(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        if (!c.PeekW(w, 0, out uint offset) || !c.PeekW(w, (uint)w, out uint selector) || !c.PeekW(w, (uint)(2 * w), out uint flags))
        {
            return false;
        }

        if (c._pe)
        {
            return c.IretProtected((ushort)selector, offset, w, flags);
        }

        c.AddSp((uint)(3 * w));
        uint cur = c.GetFlagsValue();
        uint next = w == 2 ? (cur & 0xFFFF_0000) | (flags & 0x7FD5) : (cur & 0x001A_0000) | (flags & 0x0025_7FD5);
        c.SetFlagsValue(next);
        return c.FarTransfer((ushort)selector, offset);
    }

    /// <summary>INT n, INT3, INT1 (Imm = vector): the pushed return address is the next instruction.</summary>
    private static bool IntN(Cpu c, ref Instruction i, ref Ops o)
    {
        c.DeliverSoftware((byte)o.Imm, i.NextIP32, i.Code != Code.Int1);
        return false;
    }

    private static bool Into(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Of())
        {
            return true;
        }

        c.DeliverSoftware(4, i.NextIP32, true);
        return false;
    }

    /// <summary>BOUND r, m: #BR (vector 5) with the faulting address when the signed index is outside [lower, upper].</summary>
    private static bool Bound(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint ea = c.Ea(ref o);
        if (!c.ReadW(w, o.Seg, ea, out uint lo) || !c.ReadW(w, o.Seg, (ea + (uint)w) & o.AddrMask, out uint hi))
        {
            return false;
        }

        uint idx = c.GetReg(w, o.R0, 0);
        bool outside = w == 2
            ? (short)idx < (short)lo || (short)idx > (short)hi
            : (int)idx < (int)lo || (int)idx > (int)hi;
        return !outside || c.Fault(5);
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

    private static bool FaultUd(Cpu c, ref Instruction i, ref Ops o) => c.Fault(6);

    private static bool FaultGp(Cpu c, ref Instruction i, ref Ops o) => c.Fault(13);
}
