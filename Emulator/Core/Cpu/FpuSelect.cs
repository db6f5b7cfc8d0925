using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>Handler choice for the x87 subset (see <c>Fpu.cs</c>); other x87 forms raise #UD.</summary>
public sealed unsafe partial class Cpu
{
    private static int FpuMemKind(MemorySize size) => size switch
    {
        MemorySize.Float32 => 0,
        MemorySize.Float64 => 1,
        MemorySize.Int16 => 2,
        MemorySize.Int32 => 3,
        MemorySize.Int64 => 4,
        MemorySize.Float80 => 5,
        _ => -1,
    };

    private static HandlerFn SelectFpu(ref Instruction ins, ref Ops o, Mnemonic m)
    {
        switch (m)
        {
            case Mnemonic.Fninit: return FMiscWith(ref o, 0);
            case Mnemonic.Fnclex: return FMiscWith(ref o, 1);
            case Mnemonic.Fchs: return FMiscWith(ref o, 2);
            case Mnemonic.Fabs: return FMiscWith(ref o, 3);
            case Mnemonic.Ftst: return FMiscWith(ref o, 4);
            case Mnemonic.Fxch:
                o.R1 = (byte)(ins.Op1Register - Register.ST0);
                return FMiscWith(ref o, 5);
            case Mnemonic.Fcompp:
            case Mnemonic.Fucompp:
                return FMiscWith(ref o, 6);
            case Mnemonic.Fsqrt: return FMiscWith(ref o, 7);
            case Mnemonic.Frndint: return FMiscWith(ref o, 8);
            case Mnemonic.Fnop: return FMiscWith(ref o, 9);
            case Mnemonic.Ffree:
                o.R0 = (byte)(ins.Op0Register - Register.ST0);
                return FMiscWith(ref o, 10);
            case Mnemonic.Fincstp: return FMiscWith(ref o, 11);
            case Mnemonic.Fdecstp: return FMiscWith(ref o, 12);
            case Mnemonic.Fnstsw:
                o.Aux = ins.Op0Kind == OpKind.Register ? (byte)1 : (byte)0;
                return &FControl;
            case Mnemonic.Fnstcw:
                o.Aux = 2;
                return &FControl;
            case Mnemonic.Fldcw:
                o.Aux = 3;
                return &FControl;
            case Mnemonic.Fld1: return FldConstWith(ref o, 0);
            case Mnemonic.Fldz: return FldConstWith(ref o, 1);
            case Mnemonic.Fldpi: return FldConstWith(ref o, 2);
            case Mnemonic.Fldl2t: return FldConstWith(ref o, 3);
            case Mnemonic.Fldl2e: return FldConstWith(ref o, 4);
            case Mnemonic.Fldlg2: return FldConstWith(ref o, 5);
            case Mnemonic.Fldln2: return FldConstWith(ref o, 6);
            case Mnemonic.Fld:
            case Mnemonic.Fild:
                if (ins.Op0Kind == OpKind.Register)
                {
                    o.Imm = 8;
                    o.R1 = (byte)(ins.Op0Register - Register.ST0);
                    return &Fld;
                }

                return FpuMem(ref ins, ref o, &Fld);
            case Mnemonic.Fst:
            case Mnemonic.Fstp:
            case Mnemonic.Fist:
            case Mnemonic.Fistp:
                o.Aux = m is Mnemonic.Fstp or Mnemonic.Fistp ? (byte)8 : (byte)0;
                if (ins.Op0Kind == OpKind.Register)
                {
                    o.Imm = 8;
                    o.R0 = (byte)(ins.Op0Register - Register.ST0);
                    return &Fst;
                }

                return FpuMem(ref ins, ref o, &Fst);
            case Mnemonic.Fnstenv:
            case Mnemonic.Fstenv:
            case Mnemonic.Fldenv:
            case Mnemonic.Fnsave:
            case Mnemonic.Fsave:
            case Mnemonic.Frstor:
                o.Aux = (byte)((m is Mnemonic.Fldenv or Mnemonic.Frstor ? FpuEnvLoad : 0)
                    | (m is Mnemonic.Fnsave or Mnemonic.Fsave or Mnemonic.Frstor ? FpuEnvRegisters : 0)
                    | (ins.MemorySize is MemorySize.FpuEnv28 or MemorySize.FpuState108 ? FpuEnv32 : 0));
                return &FpuEnvironment;
        }

        int op = m switch
        {
            Mnemonic.Fadd or Mnemonic.Faddp or Mnemonic.Fiadd => 0,
            Mnemonic.Fmul or Mnemonic.Fmulp or Mnemonic.Fimul => 1,
            Mnemonic.Fcom or Mnemonic.Ficom or Mnemonic.Fucom => 2,
            Mnemonic.Fcomp or Mnemonic.Ficomp or Mnemonic.Fucomp => 3,
            Mnemonic.Fsub or Mnemonic.Fsubp or Mnemonic.Fisub => 4,
            Mnemonic.Fsubr or Mnemonic.Fsubrp or Mnemonic.Fisubr => 5,
            Mnemonic.Fdiv or Mnemonic.Fdivp or Mnemonic.Fidiv => 6,
            Mnemonic.Fdivr or Mnemonic.Fdivrp or Mnemonic.Fidivr => 7,
            _ => -1,
        };
        if (op < 0)
        {
            return &FaultUd;
        }

        bool pop = m is Mnemonic.Faddp or Mnemonic.Fmulp or Mnemonic.Fsubp or Mnemonic.Fsubrp or Mnemonic.Fdivp or Mnemonic.Fdivrp;
        o.Aux = (byte)(op | (pop ? 8 : 0));
        if (ins.Op0Kind == OpKind.Memory)
        {
            o.R0 = 0;
            return FpuMem(ref ins, ref o, &FArith);
        }

        o.Imm = 8;
        o.R0 = (byte)(ins.Op0Register - Register.ST0);
        o.R1 = ins.OpCount > 1 ? (byte)(ins.Op1Register - Register.ST0) : (byte)0;
        return &FArith;
    }

    private static HandlerFn FpuMem(ref Instruction ins, ref Ops o, HandlerFn handler)
    {
        int kind = FpuMemKind(ins.MemorySize);
        if (kind < 0)
        {
            return &FaultUd;
        }

        o.Imm = (uint)kind;
        return handler;
    }

    private static HandlerFn FMiscWith(ref Ops o, byte op)
    {
        o.Aux = op;
        return &FMisc;
    }

    private static HandlerFn FldConstWith(ref Ops o, byte op)
    {
        o.Aux = op;
        return &FldConst;
    }
}
