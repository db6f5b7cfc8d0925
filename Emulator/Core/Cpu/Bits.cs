using System.Buffers.Binary;
using System.Numerics;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>BT BTS BTR BTC, BSF BSR, SETcc, CMOVcc, BSWAP.</summary>
public sealed unsafe partial class Cpu
{
    /// <summary>BTx: Aux = 0 BT, 1 BTS, 2 BTR, 3 BTC; bit 4 set when the bit offset is an immediate.</summary>
    private static Flow BitTest(Cpu c, ref Instruction i, ref Ops o)
    {
        int w = o.Width;
        int bits = w * 8;
        bool imm = (o.Aux & 0x10) != 0;
        uint offset = imm ? o.Imm : c.GetReg(w, o.R1, o.R1Sh);
        uint value;
        uint ea = 0;
        int bit;
        if (o.R0 != Ops.NoReg)
        {
            value = c.GetReg(w, o.R0, o.R0Sh);
            bit = (int)(offset & (uint)(bits - 1));
        }
        else
        {
            ea = c.Ea(ref o);
            if (!imm)
            {
                // A register bit offset addresses memory beyond the operand (SDM Vol. 2, BT: signed offset).
                int signedOffset = w == 2 ? (short)offset : (int)offset;
                ea = (uint)(ea + ((signedOffset >> (w == 2 ? 4 : 5)) * w)) & o.AddrMask;
            }

            bit = (int)(offset & (uint)(bits - 1));
            if (!c.ReadW(w, o.Seg, ea, out value))
            {
                return Flow.Fault;
            }
        }

        uint cf = (value >> bit) & 1;
        c.Materialize();
        c._flags = (c._flags & ~FCf) | cf;
        int op = o.Aux & 3;
        if (op == 0)
        {
            return Flow.Next;
        }

        uint r = op == 1 ? value | (1u << bit) : op == 2 ? value & ~(1u << bit) : value ^ (1u << bit);
        if (o.R0 != Ops.NoReg)
        {
            c.SetReg(w, o.R0, o.R0Sh, r);
            return Flow.Next;
        }

        return c.WriteW(w, o.Seg, ea, r) ? Flow.Next : Flow.Fault;
    }

    /// <summary>BSF (Aux 0) / BSR (Aux 1): ZF=1 and the destination unchanged when the source is zero.</summary>
    private static Flow BitScan(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm1(ref o, o.Width, out uint src))
        {
            return Flow.Fault;
        }

        c.Materialize();
        if (src == 0)
        {
            c._flags |= FZf;
            return Flow.Next;
        }

        c._flags &= ~FZf;
        uint index = o.Aux == 0 ? (uint)BitOperations.TrailingZeroCount(src) : (uint)(31 - BitOperations.LeadingZeroCount(src));
        c.SetReg(o.Width, o.R0, o.R0Sh, index);
        return Flow.Next;
    }

    private static Flow Setcc(Cpu c, ref Instruction i, ref Ops o) => (c.WriteRm0(ref o, c.Condition(o.Aux) ? 1u : 0u)) ? Flow.Next : Flow.Fault;

    private static Flow Cmovcc(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm1(ref o, o.Width, out uint src))
        {
            return Flow.Fault;
        }

        if (c.Condition(o.Aux))
        {
            c.SetReg(o.Width, o.R0, o.R0Sh, src);
        }

        return Flow.Next;
    }

    /// <summary>BSWAP r32; with a 16-bit operand the result is undefined (SDM) and real CPUs clear the register's low word.</summary>
    private static Flow Bswap(Cpu c, ref Instruction i, ref Ops o)
    {
        if (o.Width == 4)
        {
            c.Reg(o.R0) = BinaryPrimitives.ReverseEndianness(c.Reg(o.R0));
        }
        else
        {
            c.SetReg(2, o.R0, 0, 0);
        }

        return Flow.Next;
    }
}
