using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>PUSH, POP, PUSHA/POPA, PUSHF/POPF, ENTER, LEAVE on the real-mode 16-bit stack (SS:SP).</summary>
public sealed unsafe partial class Cpu
{
    private static bool PushR(Cpu c, ref Instruction i, ref Ops o) => c.PushW(o.Width, c.GetReg(o.Width, o.R0, 0));

    private static bool PushI(Cpu c, ref Instruction i, ref Ops o) => c.PushW(o.Width, o.Imm);

    private static bool PushM(Cpu c, ref Instruction i, ref Ops o) => c.ReadW(o.Width, o.Seg, c.Ea(ref o), out uint v) && c.PushW(o.Width, v);

    private static bool PopR(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.PopW(o.Width, out uint v))
        {
            return false;
        }

        c.SetReg(o.Width, o.R0, 0, v);
        return true;
    }

    /// <summary>POP r/m: the address is computed after SP is incremented (SDM Vol. 2, POP).</summary>
    private static bool PopM(Cpu c, ref Instruction i, ref Ops o)
    {
        uint oldSp = c.Reg(4);
        if (!c.PopW(o.Width, out uint v))
        {
            return false;
        }

        if (!c.WriteW(o.Width, o.Seg, c.Ea(ref o), v))
        {
            c.Reg(4) = oldSp;
            return false;
        }

        return true;
    }

    /// <summary>PUSH Sreg: with a 32-bit operand P6 moves 4 down and writes the selector with a 16-bit store (SDM Vol. 2, PUSH).</summary>
    private static bool PushSreg(Cpu c, ref Instruction i, ref Ops o)
    {
        uint sel = c._s[o.Aux].Selector;
        if (o.Width == 2)
        {
            return c.Push16(sel);
        }

        uint sp = (c.Reg(4) - 4) & 0xFFFF;
        if (!c.Write16(SegSs, sp, (ushort)sel))
        {
            return false;
        }

        c.Reg(4) = (c.Reg(4) & 0xFFFF_0000) | sp;
        return true;
    }

    private static bool PopSreg(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.PopW(o.Width, out uint v))
        {
            return false;
        }

        c.LoadSegmentReal(o.Aux, (ushort)v);
        if (o.Aux == SegSs)
        {
            c._shadow = true;
        }

        return true;
    }

    private static bool Pusha(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        uint sp = c.Reg(4);
        for (int k = 0; k < 8; k++)
        {
            uint v = k == 4 ? sp : c.Reg(k);
            uint offset = (sp - (uint)(w * (k + 1))) & 0xFFFF;
            if (!c.WriteW(w, SegSs, offset, v))
            {
                return false;
            }
        }

        c.Reg(4) = (sp & 0xFFFF_0000) | ((sp - (uint)(w * 8)) & 0xFFFF);
        return true;
    }

    private static bool Popa(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        Span<uint> values = stackalloc uint[8];
        for (int k = 0; k < 8; k++)
        {
            if (!c.PeekW(w, (uint)(w * k), out values[k]))
            {
                return false;
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
        return true;
    }

    private static bool Pushf(Cpu c, ref Instruction i, ref Ops o)
    {
        uint f = c.GetFlagsValue();
        return o.Width == 2 ? c.Push16(f & 0xFFFF) : c.Push32(f & 0x00FC_FFFF);
    }

    /// <summary>POPF in real mode (CPL 0): IOPL and NT load from the stack; VM, VIP, VIF are kept and RF cleared (SDM Vol. 2, POPF).</summary>
    private static bool Popf(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.PopW(o.Width, out uint v))
        {
            return false;
        }

        uint cur = c.GetFlagsValue();
        uint next = o.Width == 2 ? (cur & 0xFFFF_0000) | (v & 0x7FD5) : (cur & 0x001A_0000) | (v & 0x0024_7FD5);
        c.SetFlagsValue(next);
        return true;
    }

    /// <summary>ENTER imm16, imm8 (Imm = frame size, Aux = nesting level).</summary>
    private static bool Enter(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        int level = o.Aux & 31;
        uint oldSp = c.Reg(4);
        uint oldBp = c.Reg(5);
        if (!c.PushW(w, c.GetReg(w, 5, 0)))
        {
            return false;
        }

        uint frame = c.Reg(4) & 0xFFFF;
        uint bp = oldBp;
        for (int k = 1; k < level; k++)
        {
            bp = (bp - (uint)w) & 0xFFFF;
            if (!c.ReadW(w, SegSs, bp, out uint v) || !c.PushW(w, v))
            {
                c.Reg(4) = oldSp;
                return false;
            }
        }

        if (level > 0 && !c.PushW(w, frame))
        {
            c.Reg(4) = oldSp;
            return false;
        }

        c.SetReg(w, 5, 0, frame);
        c.Reg(4) = (c.Reg(4) & 0xFFFF_0000) | ((c.Reg(4) - o.Imm) & 0xFFFF);
        return true;
    }

    private static bool Leave(Cpu c, ref Instruction i, ref Ops o)
    {
        uint oldSp = c.Reg(4);
        c.Reg(4) = (oldSp & 0xFFFF_0000) | (c.Reg(5) & 0xFFFF);
        if (!c.PopW(o.Width, out uint v))
        {
            c.Reg(4) = oldSp;
            return false;
        }

        c.SetReg(o.Width, 5, 0, v);
        return true;
    }
}
