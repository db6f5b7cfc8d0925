using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>DAA DAS AAA AAS AAM AAD, following the SDM Vol. 2 pseudocode.</summary>
public sealed unsafe partial class Cpu
{
    private void SetAlWithFlags(uint al, uint cf, uint af)
    {
        SetReg(1, 0, 0, al);
        Materialize();
        _flags = (_flags & ~(FCf | FAf | FOf)) | cf | af;
        _lfKind = LfZsp;
        _lfRes = al & 0xFF;
        _lfSign = 0x80;
    }

    private static Flow Daa(Cpu c, ref Instruction i, ref Ops o)
    {
        uint al = c.Reg(0) & 0xFF;
        uint oldAl = al;
        uint oldCf = c.Cf();
        uint cf = 0;
        uint af = 0;
        if ((al & 0xF) > 9 || c.Af())
        {
            al += 6;
            cf = oldCf | (al > 0xFF ? 1u : 0u);
            al &= 0xFF;
            af = FAf;
        }

        if (oldAl > 0x99 || oldCf != 0)
        {
            al = (al + 0x60) & 0xFF;
            cf = 1;
        }
        else
        {
            cf = 0;
        }

        c.SetAlWithFlags(al, cf, af);
        return Flow.Next;
    }

    private static Flow Das(Cpu c, ref Instruction i, ref Ops o)
    {
        uint al = c.Reg(0) & 0xFF;
        uint oldAl = al;
        uint oldCf = c.Cf();
        uint cf = 0;
        uint af = 0;
        if ((al & 0xF) > 9 || c.Af())
        {
            cf = oldCf | (al < 6 ? 1u : 0u);
            al = (al - 6) & 0xFF;
            af = FAf;
        }

        if (oldAl > 0x99 || oldCf != 0)
        {
            al = (al - 0x60) & 0xFF;
            cf = 1;
        }

        c.SetAlWithFlags(al, cf, af);
        return Flow.Next;
    }

    private static Flow Aaa(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ax = c.Reg(0) & 0xFFFF;
        uint cf = 0;
        uint af = 0;
        if ((ax & 0xF) > 9 || c.Af())
        {
            ax += 0x106;
            cf = 1;
            af = FAf;
        }

        c.SetReg(2, 0, 0, ax & 0xFF0F);
        c.SetAlWithFlags(ax & 0x0F, cf, af);
        return Flow.Next;
    }

    private static Flow Aas(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ax = c.Reg(0) & 0xFFFF;
        uint cf = 0;
        uint af = 0;
        if ((ax & 0xF) > 9 || c.Af())
        {
            ax -= 6;
            ax = (ax & 0x00FF) | ((ax - 0x100) & 0xFF00);
            cf = 1;
            af = FAf;
        }

        c.SetReg(2, 0, 0, ax & 0xFF0F);
        c.SetAlWithFlags(ax & 0x0F, cf, af);
        return Flow.Next;
    }

    /// <summary>AAM imm8: #DE when the base is 0.</summary>
    private static Flow Aam(Cpu c, ref Instruction i, ref Ops o)
    {
        uint b = o.Imm & 0xFF;
        if (b == 0)
        {
            return c.Raise(0);
        }

        uint al = c.Reg(0) & 0xFF;
        c.SetReg(1, 0, 8, al / b);
        uint r = al % b;
        c.SetReg(1, 0, 0, r);
        c.SetLazy(LfLogic, r, 0, r, 0x80);
        return Flow.Next;
    }

    /// <summary>AAD imm8: AL = AL + AH × imm8, AH = 0; flags as the 8-bit addition that produces AL.</summary>
    private static Flow Aad(Cpu c, ref Instruction i, ref Ops o)
    {
        uint al = c.Reg(0) & 0xFF;
        uint prod = (((c.Reg(0) >> 8) & 0xFF) * (o.Imm & 0xFF)) & 0xFF;
        uint r = (al + prod) & 0xFF;
        c.SetReg(2, 0, 0, r);
        c.SetLazy(LfAdd, al, prod, r, 0x80);
        return Flow.Next;
    }
}
