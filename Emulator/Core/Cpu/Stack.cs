using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>PUSH, POP, PUSHA/POPA, PUSHF/POPF, ENTER, LEAVE on SS:SP or SS:ESP (SS.B selects, SDM Vol. 3 3.4.5).</summary>
public sealed unsafe partial class Cpu
{
    private static Flow PushR(Cpu c, ref Instruction i, ref Ops o) => c.PushW(o.Width, c.GetReg(o.Width, o.R0, 0)) ? Flow.Next : Flow.Fault;

    private static Flow PushI(Cpu c, ref Instruction i, ref Ops o) => c.PushW(o.Width, o.Imm) ? Flow.Next : Flow.Fault;

    private static Flow PushM(Cpu c, ref Instruction i, ref Ops o) => c.ReadW(o.Width, o.Seg, c.Ea(ref o), out uint v) && c.PushW(o.Width, v) ? Flow.Next : Flow.Fault;

    private static Flow PopR(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.PopW(o.Width, out uint v))
        {
            return Flow.Fault;
        }

        c.SetReg(o.Width, o.R0, 0, v);
        return Flow.Next;
    }

    /// <summary>POP r/m: the address is computed after SP is incremented (SDM Vol. 2, POP).</summary>
    private static Flow PopM(Cpu c, ref Instruction i, ref Ops o)
    {
        uint oldSp = c.Reg(4);
        if (!c.PopW(o.Width, out uint v))
        {
            return Flow.Fault;
        }

        if (!c.WriteW(o.Width, o.Seg, c.Ea(ref o), v))
        {
            c.Reg(4) = oldSp;
            return Flow.Fault;
        }

        return Flow.Next;
    }

    /// <summary>PUSH Sreg: with a 32-bit operand P6 moves 4 down and writes the selector with a 16-bit store (SDM Vol. 2, PUSH).</summary>
    private static Flow PushSreg(Cpu c, ref Instruction i, ref Ops o)
    {
        uint sel = c._s[o.Aux].Selector;
        if (o.Width == 2)
        {
            return c.Push16(sel) ? Flow.Next : Flow.Fault;
        }

        uint sp = (c.Reg(4) - 4) & c._spMask;
        if (!c.Write16(SegSs, sp, (ushort)sel))
        {
            return Flow.Fault;
        }

        c.Reg(4) = (c.Reg(4) & ~c._spMask) | sp;
        return Flow.Next;
    }

    private static Flow PopSreg(Cpu c, ref Instruction i, ref Ops o)
    {
        uint sp = c.Reg(4);
        if (!c.PopW(o.Width, out uint v))
        {
            return Flow.Fault;
        }

        if (!c.LoadSegment(o.Aux, (ushort)v))
        {
            c.Reg(4) = sp;
            return Flow.Fault;
        }

        if (o.Aux == SegSs)
        {
            c._shadow = true;
        }

        return Flow.Next;
    }

    private static Flow Pusha(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint sp = c.Reg(4);
        for (int k = 0; k < 8; k++)
        {
            uint v = k == 4 ? sp : c.Reg(k);
            uint offset = (sp - (uint)(w * (k + 1))) & c._spMask;
            if (!c.WriteW(w, SegSs, offset, v))
            {
                return Flow.Fault;
            }
        }

        c.Reg(4) = (sp & ~c._spMask) | ((sp - (uint)(w * 8)) & c._spMask);
        return Flow.Next;
    }

    private static Flow Popa(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        Span<uint> values = stackalloc uint[8];
        for (int k = 0; k < 8; k++)
        {
            if (!c.PeekW(w, (uint)(w * k), out values[k]))
            {
                return Flow.Fault;
            }
        }

        for (int k = 0; k < 8; k++)
        {
            int reg = 7 - k;
            if (reg != 4)
            {
                c.SetReg(w, reg, 0, values[k]);
            }
        }

        c.AddSp((uint)(w * 8));
        return Flow.Next;
    }

    private static Flow Pushf(Cpu c, ref Instruction i, ref Ops o)
    {
        uint f = c.GetFlagsValue();
        return (o.Width == 2 ? c.Push16(f & 0xFFFF) : c.Push32(f & 0x00FC_FFFF)) ? Flow.Next : Flow.Fault;
    }

    /// <summary>
    /// POPF (SDM Vol. 2, POPF): VM, VIP, VIF are kept and RF cleared; IOPL loads only at CPL 0 and IF only
    /// when CPL ≤ IOPL (otherwise both keep their values without a fault). Real mode runs at CPL 0.
    /// </summary>
    private static Flow Popf(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.PopW(o.Width, out uint v))
        {
            return Flow.Fault;
        }

        c.SetFlagsValue(c.MergeFlags(v, o.Width, c._cpl));
        return Flow.Next;
    }

    /// <summary>The EFLAGS value after POPF/IRET loads <paramref name="v"/> at privilege <paramref name="cpl"/>.</summary>
    private uint MergeFlags(uint v, int width, int cpl)
    {
        uint cur = GetFlagsValue();
        uint keep = width == 2 ? 0xFFFF_0000 : 0x001A_0000;
        uint load = width == 2 ? 0x7FD5u : 0x0024_7FD5u;
        if (cpl > 0)
        {
            keep |= (uint)EFlags.IOPL;
            load &= ~(uint)EFlags.IOPL;
        }

        if (cpl > (int)((cur >> 12) & 3))
        {
            keep |= FIf;
            load &= ~FIf;
        }

        return (cur & keep) | (v & load);
    }

    /// <summary>ENTER imm16, imm8 (Imm = frame size, Aux = nesting level).</summary>
    private static Flow Enter(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        int level = o.Aux & 31;
        uint oldSp = c.Reg(4);
        uint oldBp = c.Reg(5);
        if (!c.PushW(w, c.GetReg(w, 5, 0)))
        {
            return Flow.Fault;
        }

        uint frame = c.Reg(4) & c._spMask;
        uint bp = oldBp;
        for (int k = 1; k < level; k++)
        {
            bp = (bp - (uint)w) & c._spMask;
            if (!c.ReadW(w, SegSs, bp, out uint v) || !c.PushW(w, v))
            {
                c.Reg(4) = oldSp;
                return Flow.Fault;
            }
        }

        if (level > 0 && !c.PushW(w, frame))
        {
            c.Reg(4) = oldSp;
            return Flow.Fault;
        }

        c.SetReg(w, 5, 0, frame);
        c.Reg(4) = (c.Reg(4) & ~c._spMask) | ((c.Reg(4) - o.Imm) & c._spMask);
        return Flow.Next;
    }

    private static Flow Leave(Cpu c, ref Instruction i, ref Ops o)
    {
        uint oldSp = c.Reg(4);
        c.Reg(4) = (oldSp & ~c._spMask) | (c.Reg(5) & c._spMask);
        if (!c.PopW(o.Width, out uint v))
        {
            c.Reg(4) = oldSp;
            return Flow.Fault;
        }

        c.SetReg(o.Width, 5, 0, v);
        return Flow.Next;
    }
}
