using System.Runtime.CompilerServices;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>Two-operand ALU instructions (ADD OR ADC SBB AND SUB XOR CMP TEST), INC, DEC, NOT, NEG.</summary>
public sealed unsafe partial class Cpu
{
    private struct AddOp : IAluOp
    {
        public static bool Writes => true;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint r = a + b;
            c.SetLazy(LfAdd, a, b, r, sign);
            return r;
        }
    }

    private struct OrOp : IAluOp
    {
        public static bool Writes => true;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint r = a | b;
            c.SetLazy(LfLogic, a, b, r, sign);
            return r;
        }
    }

    private struct AdcOp : IAluOp
    {
        public static bool Writes => true;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint cin = c.Cf();
            uint r = a + b + cin;
            c.SetLazy(cin != 0 ? LfAdc : LfAdd, a, b, r, sign);
            return r;
        }
    }

    private struct SbbOp : IAluOp
    {
        public static bool Writes => true;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint bin = c.Cf();
            uint r = a - b - bin;
            c.SetLazy(bin != 0 ? LfSbb : LfSub, a, b, r, sign);
            return r;
        }
    }

    private struct AndOp : IAluOp
    {
        public static bool Writes => true;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint r = a & b;
            c.SetLazy(LfLogic, a, b, r, sign);
            return r;
        }
    }

    private struct SubOp : IAluOp
    {
        public static bool Writes => true;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint r = a - b;
            c.SetLazy(LfSub, a, b, r, sign);
            return r;
        }
    }

    private struct XorOp : IAluOp
    {
        public static bool Writes => true;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint r = a ^ b;
            c.SetLazy(LfLogic, a, b, r, sign);
            return r;
        }
    }

    private struct CmpOp : IAluOp
    {
        public static bool Writes => false;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint r = a - b;
            c.SetLazy(LfSub, a, b, r, sign);
            return r;
        }
    }

    private struct TestOp : IAluOp
    {
        public static bool Writes => false;

        public static uint Exec(Cpu c, uint a, uint b, uint sign)
        {
            uint r = a & b;
            c.SetLazy(LfLogic, a, b, r, sign);
            return r;
        }
    }

    private static Flow AluRR<TOp, TW>(Cpu c, ref Instruction i, ref Ops o)
        where TOp : struct, IAluOp
        where TW : struct, IWidth => AluRRForm<TOp, TW>(c, o.R0, o.R0Sh, o.R1, o.R1Sh);

    /// <summary>The body of <see cref="AluRR"/> with its operands as values (the IL tier passes them as constants).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow AluRRForm<TOp, TW>(Cpu c, byte r0, byte r0Sh, byte r1, byte r1Sh)
        where TOp : struct, IAluOp
        where TW : struct, IWidth
    {
        uint r = TOp.Exec(c, TW.GetReg(c, r0, r0Sh), TW.GetReg(c, r1, r1Sh), TW.Sign);
        if (TOp.Writes)
        {
            TW.SetReg(c, r0, r0Sh, r);
        }

        return Flow.Next;
    }

    private static Flow AluRI<TOp, TW>(Cpu c, ref Instruction i, ref Ops o)
        where TOp : struct, IAluOp
        where TW : struct, IWidth => AluRIForm<TOp, TW>(c, o.R0, o.R0Sh, o.Imm);

    /// <summary>The body of <see cref="AluRI"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow AluRIForm<TOp, TW>(Cpu c, byte r0, byte r0Sh, uint imm)
        where TOp : struct, IAluOp
        where TW : struct, IWidth
    {
        uint r = TOp.Exec(c, TW.GetReg(c, r0, r0Sh), imm, TW.Sign);
        if (TOp.Writes)
        {
            TW.SetReg(c, r0, r0Sh, r);
        }

        return Flow.Next;
    }

    private static Flow AluRM<TOp, TW>(Cpu c, ref Instruction i, ref Ops o)
        where TOp : struct, IAluOp
        where TW : struct, IWidth => AluRMForm<TOp, TW>(c, o.R0, o.R0Sh, o.Seg, c.Ea(ref o));

    /// <summary>The body of <see cref="AluRM"/> with its operands as values (<c>ea</c>: the memory operand's offset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow AluRMForm<TOp, TW>(Cpu c, byte r0, byte r0Sh, byte seg, uint ea)
        where TOp : struct, IAluOp
        where TW : struct, IWidth
    {
        if (!TW.Read(c, seg, ea, out uint b))
        {
            return Flow.Fault;
        }

        uint r = TOp.Exec(c, TW.GetReg(c, r0, r0Sh), b, TW.Sign);
        if (TOp.Writes)
        {
            TW.SetReg(c, r0, r0Sh, r);
        }

        return Flow.Next;
    }

    private static Flow AluMR<TOp, TW>(Cpu c, ref Instruction i, ref Ops o)
        where TOp : struct, IAluOp
        where TW : struct, IWidth => AluMRForm<TOp, TW>(c, o.R1, o.R1Sh, o.Seg, c.Ea(ref o));

    /// <summary>The body of <see cref="AluMR"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow AluMRForm<TOp, TW>(Cpu c, byte r1, byte r1Sh, byte seg, uint ea)
        where TOp : struct, IAluOp
        where TW : struct, IWidth
    {
        if (!TW.Read(c, seg, ea, out uint a))
        {
            return Flow.Fault;
        }

        uint r = TOp.Exec(c, a, TW.GetReg(c, r1, r1Sh), TW.Sign);
        return !TOp.Writes || TW.Write(c, seg, ea, r) ? Flow.Next : Flow.Fault;
    }

    private static Flow AluMI<TOp, TW>(Cpu c, ref Instruction i, ref Ops o)
        where TOp : struct, IAluOp
        where TW : struct, IWidth => AluMIForm<TOp, TW>(c, o.Imm, o.Seg, c.Ea(ref o));

    /// <summary>The body of <see cref="AluMI"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow AluMIForm<TOp, TW>(Cpu c, uint imm, byte seg, uint ea)
        where TOp : struct, IAluOp
        where TW : struct, IWidth
    {
        if (!TW.Read(c, seg, ea, out uint a))
        {
            return Flow.Fault;
        }

        uint r = TOp.Exec(c, a, imm, TW.Sign);
        return !TOp.Writes || TW.Write(c, seg, ea, r) ? Flow.Next : Flow.Fault;
    }

    private static Flow IncR<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => IncRForm<TW>(c, o.R0, o.R0Sh);

    /// <summary>The body of <see cref="IncR"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow IncRForm<TW>(Cpu c, byte r0, byte r0Sh)
        where TW : struct, IWidth
    {
        uint a = TW.GetReg(c, r0, r0Sh);
        uint r = a + 1;
        c.SaveCf();
        c.SetLazy(LfInc, a, 1, r, TW.Sign);
        TW.SetReg(c, r0, r0Sh, r);
        return Flow.Next;
    }

    private static Flow DecR<TW>(Cpu c, ref Instruction i, ref Ops o)
        where TW : struct, IWidth => DecRForm<TW>(c, o.R0, o.R0Sh);

    /// <summary>The body of <see cref="DecR"/> with its operands as values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Flow DecRForm<TW>(Cpu c, byte r0, byte r0Sh)
        where TW : struct, IWidth
    {
        uint a = TW.GetReg(c, r0, r0Sh);
        uint r = a - 1;
        c.SaveCf();
        c.SetLazy(LfDec, a, 1, r, TW.Sign);
        TW.SetReg(c, r0, r0Sh, r);
        return Flow.Next;
    }

    private static Flow IncDecM(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ea = c.Ea(ref o);
        if (!c.ReadW(o.Width, o.Seg, ea, out uint a))
        {
            return Flow.Fault;
        }

        bool dec = o.Aux != 0;
        uint r = dec ? a - 1 : a + 1;
        c.SaveCf();
        c.SetLazy(dec ? LfDec : LfInc, a, 1, r, SignOf(o.Width));
        return c.WriteW(o.Width, o.Seg, ea, r) ? Flow.Next : Flow.Fault;
    }

    private static uint SignOf(int width) => width == 1 ? 0x80u : width == 2 ? 0x8000u : 0x8000_0000u;

    private static uint MaskOf(int width) => width == 1 ? 0xFFu : width == 2 ? 0xFFFFu : 0xFFFF_FFFFu;

    private static Flow Not(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint a))
        {
            return Flow.Fault;
        }

        return c.WriteRm0(ref o, ~a) ? Flow.Next : Flow.Fault;
    }

    private static Flow Neg(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.ReadRm0(ref o, out uint a))
        {
            return Flow.Fault;
        }

        uint r = 0 - a;
        c.SetLazy(LfSub, 0, a, r, SignOf(o.Width));
        return c.WriteRm0(ref o, r) ? Flow.Next : Flow.Fault;
    }
}
