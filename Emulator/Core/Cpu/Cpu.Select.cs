using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// Chooses each decoded instruction's handler once, at decode time, from its <see cref="Code"/>
/// (through its mnemonic family) and its resolved operand kinds. Forms a 686 does not execute,
/// and forms this core does not implement, get #UD.
/// </summary>
public sealed unsafe partial class Cpu
{
    internal static HandlerFn Select(ref Instruction ins, ref Ops o)
    {
        Code code = ins.Code;
        if (!Binder.IsValid(code))
        {
            return &FaultUd;
        }

        Mnemonic m = code.Mnemonic();
        switch (m)
        {
            case Mnemonic.Add: return SelectAlu<AddOp>(ref ins, ref o);
            case Mnemonic.Or: return SelectAlu<OrOp>(ref ins, ref o);
            case Mnemonic.Adc: return SelectAlu<AdcOp>(ref ins, ref o);
            case Mnemonic.Sbb: return SelectAlu<SbbOp>(ref ins, ref o);
            case Mnemonic.And: return SelectAlu<AndOp>(ref ins, ref o);
            case Mnemonic.Sub: return SelectAlu<SubOp>(ref ins, ref o);
            case Mnemonic.Xor: return SelectAlu<XorOp>(ref ins, ref o);
            case Mnemonic.Cmp: return SelectAlu<CmpOp>(ref ins, ref o);
            case Mnemonic.Test: return SelectAlu<TestOp>(ref ins, ref o);
            case Mnemonic.Inc: return SelectIncDec(ref ins, ref o, false);
            case Mnemonic.Dec: return SelectIncDec(ref ins, ref o, true);
            case Mnemonic.Not: return &Not;
            case Mnemonic.Neg: return &Neg;
            case Mnemonic.Mul: return &Mul1;
            case Mnemonic.Div: return &Div;
            case Mnemonic.Idiv: return &Idiv;
            case Mnemonic.Imul:
                if (ins.OpCount == 1)
                {
                    return &Imul1;
                }

                if (ins.OpCount == 3)
                {
                    o.Aux = 1;
                    o.Imm = (uint)ins.GetImmediate(2);
                }

                return &ImulN;
            case Mnemonic.Rol:
            case Mnemonic.Ror:
            case Mnemonic.Rcl:
            case Mnemonic.Rcr:
            case Mnemonic.Shl:
            case Mnemonic.Shr:
            case Mnemonic.Sal:
            case Mnemonic.Sar:
                o.Aux = (byte)(m switch
                {
                    Mnemonic.Rol => 0,
                    Mnemonic.Ror => 1,
                    Mnemonic.Rcl => 2,
                    Mnemonic.Rcr => 3,
                    Mnemonic.Shl => 4,
                    Mnemonic.Shr => 5,
                    Mnemonic.Sal => 6,
                    _ => 7,
                } | (ins.Op1Kind == OpKind.Register ? ShiftByCl : 0));
                return &Shift;
            case Mnemonic.Shld:
            case Mnemonic.Shrd:
                o.Aux = (byte)((m == Mnemonic.Shrd ? 1 : 0) | (ins.Op2Kind == OpKind.Register ? ShiftByCl : 0));
                if (ins.Op2Kind != OpKind.Register)
                {
                    o.Imm = (uint)ins.GetImmediate(2);
                }

                return &ShiftDouble;
            case Mnemonic.Bt:
            case Mnemonic.Bts:
            case Mnemonic.Btr:
            case Mnemonic.Btc:
                o.Aux = (byte)((m == Mnemonic.Bt ? 0 : m == Mnemonic.Bts ? 1 : m == Mnemonic.Btr ? 2 : 3)
                    | (ins.Op1Kind == OpKind.Register ? 0 : 0x10));
                return &BitTest;
            case Mnemonic.Bsf:
            case Mnemonic.Tzcnt:
                return &BitScan;
            case Mnemonic.Bsr:
            case Mnemonic.Lzcnt:
                o.Aux = 1;
                return &BitScan;
            case Mnemonic.Bswap: return &Bswap;
            case Mnemonic.Mov: return SelectMovAny(ref ins, ref o);
            case Mnemonic.Movzx:
            case Mnemonic.Movsx:
                o.Aux = m == Mnemonic.Movsx ? (byte)1 : (byte)0;
                o.Imm = ins.Op1Kind == OpKind.Register ? (uint)ins.Op1Register.GetSize() : (uint)ins.MemorySize.GetSize();
                return &MovExtend;
            case Mnemonic.Xchg: return &Xchg;
            case Mnemonic.Nop:
            case Mnemonic.Pause:
            case Mnemonic.Wait:
                return &Nop;
            case Mnemonic.Invd:
            case Mnemonic.Wbinvd:
                return &CacheOp;
            case Mnemonic.Invlpg:
                return &Invlpg;
            case Mnemonic.Lea: return &Lea;
            case Mnemonic.Xlatb: return &Xlat;
            case Mnemonic.Lahf: return &Lahf;
            case Mnemonic.Sahf: return &Sahf;
            case Mnemonic.Cbw: return &Cbw;
            case Mnemonic.Cwde: return &Cwde;
            case Mnemonic.Cwd: return &Cwd;
            case Mnemonic.Cdq: return &Cdq;
            case Mnemonic.Salc: return &Salc;
            case Mnemonic.Lds: return LoadFarWith(ref o, SegDs);
            case Mnemonic.Les: return LoadFarWith(ref o, SegEs);
            case Mnemonic.Lss: return LoadFarWith(ref o, SegSs);
            case Mnemonic.Lfs: return LoadFarWith(ref o, 4);
            case Mnemonic.Lgs: return LoadFarWith(ref o, 5);
            case Mnemonic.Cmpxchg: return &Cmpxchg;
            case Mnemonic.Xadd: return &Xadd;
            case Mnemonic.Cmpxchg8b: return &Cmpxchg8b;
            case Mnemonic.Push:
            case Mnemonic.Pop:
                return SelectPushPop(ref ins, ref o, m == Mnemonic.Push);
            case Mnemonic.Pusha:
            case Mnemonic.Pushad:
                o.Width = m == Mnemonic.Pusha ? (byte)2 : (byte)4;
                return &Pusha;
            case Mnemonic.Popa:
            case Mnemonic.Popad:
                o.Width = m == Mnemonic.Popa ? (byte)2 : (byte)4;
                return &Popa;
            case Mnemonic.Pushf:
            case Mnemonic.Pushfd:
                o.Width = m == Mnemonic.Pushf ? (byte)2 : (byte)4;
                return &Pushf;
            case Mnemonic.Popf:
            case Mnemonic.Popfd:
                o.Width = m == Mnemonic.Popf ? (byte)2 : (byte)4;
                return &Popf;
            case Mnemonic.Enter:
                o.Width = code == Code.Enterd_imm16_imm8 ? (byte)4 : (byte)2;
                o.Imm = ins.Immediate16;
                o.Aux = ins.Immediate8_2nd;
                return &Enter;
            case Mnemonic.Leave:
                o.Width = code == Code.Leaved ? (byte)4 : (byte)2;
                return &Leave;
            case Mnemonic.Jmp: return SelectJmpCall(ref ins, ref o, false);
            case Mnemonic.Call: return SelectJmpCall(ref ins, ref o, true);
            case Mnemonic.Jo:
            case Mnemonic.Jno:
            case Mnemonic.Jb:
            case Mnemonic.Jae:
            case Mnemonic.Je:
            case Mnemonic.Jne:
            case Mnemonic.Jbe:
            case Mnemonic.Ja:
            case Mnemonic.Js:
            case Mnemonic.Jns:
            case Mnemonic.Jp:
            case Mnemonic.Jnp:
            case Mnemonic.Jl:
            case Mnemonic.Jge:
            case Mnemonic.Jle:
            case Mnemonic.Jg:
                o.Aux = (byte)(ins.ConditionCode - 1);
                return SelectJcc(o.Aux);
            case Mnemonic.Jcxz:
                return &Jcxz;
            case Mnemonic.Jecxz:
                o.Aux = 1;
                return &Jcxz;
            case Mnemonic.Loop:
            case Mnemonic.Loope:
            case Mnemonic.Loopne:
                o.Aux = (byte)(((m == Mnemonic.Loop ? 0 : m == Mnemonic.Loope ? 1 : 2) << 1)
                    | (code is Code.Loop_rel8_16_ECX or Code.Loop_rel8_32_ECX or Code.Loope_rel8_16_ECX
                        or Code.Loope_rel8_32_ECX or Code.Loopne_rel8_16_ECX or Code.Loopne_rel8_32_ECX ? 1 : 0));
                return &Loop;
            case Mnemonic.Ret:
                o.Width = code is Code.Retnd or Code.Retnd_imm16 ? (byte)4 : (byte)2;
                o.Imm = ins.OpCount > 0 ? ins.Immediate16 : 0u;
                return &Ret;
            case Mnemonic.Retf:
                o.Width = code is Code.Retfd or Code.Retfd_imm16 ? (byte)4 : (byte)2;
                o.Imm = ins.OpCount > 0 ? ins.Immediate16 : 0u;
                return &RetFar;
            case Mnemonic.Iret:
            case Mnemonic.Iretd:
                o.Width = m == Mnemonic.Iret ? (byte)2 : (byte)4;
                return &Iret;
            case Mnemonic.Int:
                return &IntN;
            case Mnemonic.Int3:
                o.Imm = 3;
                return &IntN;
            case Mnemonic.Int1:
                o.Imm = 1;
                return &IntN;
            case Mnemonic.Into: return &Into;
            case Mnemonic.Bound: return &Bound;
            case Mnemonic.Movsb:
            case Mnemonic.Movsw:
            case Mnemonic.Movsd:
                return SelectString(ref ins, ref o, StrMovs);
            case Mnemonic.Cmpsb:
            case Mnemonic.Cmpsw:
            case Mnemonic.Cmpsd:
                return SelectString(ref ins, ref o, StrCmps);
            case Mnemonic.Scasb:
            case Mnemonic.Scasw:
            case Mnemonic.Scasd:
                return SelectString(ref ins, ref o, StrScas);
            case Mnemonic.Lodsb:
            case Mnemonic.Lodsw:
            case Mnemonic.Lodsd:
                return SelectString(ref ins, ref o, StrLods);
            case Mnemonic.Stosb:
            case Mnemonic.Stosw:
            case Mnemonic.Stosd:
                return SelectString(ref ins, ref o, StrStos);
            case Mnemonic.Insb:
            case Mnemonic.Insw:
            case Mnemonic.Insd:
                return SelectString(ref ins, ref o, StrIns);
            case Mnemonic.Outsb:
            case Mnemonic.Outsw:
            case Mnemonic.Outsd:
                return SelectString(ref ins, ref o, StrOuts);
            case Mnemonic.In:
                o.Aux = ins.Op1Kind == OpKind.Register ? IoPortDx : (byte)0;
                return &In;
            case Mnemonic.Out:
                o.Aux = ins.Op0Kind == OpKind.Register ? IoPortDx : (byte)0;
                o.Width = (byte)ins.Op1Register.GetSize();
                return &Out;
            case Mnemonic.Daa: return &Daa;
            case Mnemonic.Das: return &Das;
            case Mnemonic.Aaa: return &Aaa;
            case Mnemonic.Aas: return &Aas;
            case Mnemonic.Aam: return &Aam;
            case Mnemonic.Aad: return &Aad;
            case Mnemonic.Hlt: return &Hlt;
            case Mnemonic.Clc: return FlagWith(ref o, 0);
            case Mnemonic.Stc: return FlagWith(ref o, 1);
            case Mnemonic.Cmc: return FlagWith(ref o, 2);
            case Mnemonic.Cld: return FlagWith(ref o, 3);
            case Mnemonic.Std: return FlagWith(ref o, 4);
            case Mnemonic.Cli: return FlagWith(ref o, 5);
            case Mnemonic.Sti: return FlagWith(ref o, 6);
            case Mnemonic.Cpuid: return &Cpuid;
            case Mnemonic.Rdtsc: return &Rdtsc;
            case Mnemonic.Rdmsr: return &Rdmsr;
            case Mnemonic.Wrmsr: return &Wrmsr;
            case Mnemonic.Smsw: return &Smsw;
            case Mnemonic.Lmsw: return &Lmsw;
            case Mnemonic.Clts: return &Clts;
            case Mnemonic.Lgdt:
            case Mnemonic.Lidt:
                o.Aux = m == Mnemonic.Lgdt ? (byte)0 : (byte)1;
                o.Width = code is Code.Lgdt_m1632_16 or Code.Lidt_m1632_16 ? (byte)2 : (byte)4;
                return &LoadTable;
            case Mnemonic.Sgdt:
            case Mnemonic.Sidt:
                o.Aux = m == Mnemonic.Sgdt ? (byte)0 : (byte)1;
                return &StoreTable;
        }

        return SelectMore(ref ins, ref o, m);
    }

    private static HandlerFn SelectMore(ref Instruction ins, ref Ops o, Mnemonic m)
    {
        if (ins.ConditionCode != ConditionCode.None && m is Mnemonic.Seto or Mnemonic.Setno or Mnemonic.Setb
            or Mnemonic.Setae or Mnemonic.Sete or Mnemonic.Setne or Mnemonic.Setbe or Mnemonic.Seta or Mnemonic.Sets
            or Mnemonic.Setns or Mnemonic.Setp or Mnemonic.Setnp or Mnemonic.Setl or Mnemonic.Setge or Mnemonic.Setle
            or Mnemonic.Setg)
        {
            o.Aux = (byte)(ins.ConditionCode - 1);
            o.Width = 1;
            return &Setcc;
        }

        if (ins.ConditionCode != ConditionCode.None && m is Mnemonic.Cmovo or Mnemonic.Cmovno
            or Mnemonic.Cmovb or Mnemonic.Cmovae or Mnemonic.Cmove or Mnemonic.Cmovne or Mnemonic.Cmovbe or Mnemonic.Cmova
            or Mnemonic.Cmovs or Mnemonic.Cmovns or Mnemonic.Cmovp or Mnemonic.Cmovnp or Mnemonic.Cmovl or Mnemonic.Cmovge
            or Mnemonic.Cmovle or Mnemonic.Cmovg)
        {
            o.Aux = (byte)(ins.ConditionCode - 1);
            return &Cmovcc;
        }

        return SelectSystem(ref ins, ref o, m);
    }

    private static HandlerFn FlagWith(ref Ops o, byte op)
    {
        o.Aux = op;
        return &FlagOp;
    }

    private static HandlerFn LoadFarWith(ref Ops o, int seg)
    {
        o.Aux = (byte)seg;
        return &LoadFar;
    }

    private static HandlerFn SelectMovAny(ref Instruction ins, ref Ops o)
    {
        if (ins.Op0Kind == OpKind.Register)
        {
            Register r0 = ins.Op0Register;
            if (r0.IsSegmentRegister())
            {
                o.Aux = (byte)(r0 - Register.ES);
                return &MovSregRm;
            }

            if (r0.IsCR())
            {
                o.Aux = (byte)(r0 - Register.CR0);
                return o.Aux is 0 or 2 or 3 or 4 ? &MovToCr : &FaultUd;
            }

            if (r0.IsDR())
            {
                o.Aux = (byte)(r0 - Register.DR0);
                return &MovToDr;
            }

            if (r0.IsTR())
            {
                return &FaultUd;
            }
        }

        if (ins.Op1Kind == OpKind.Register)
        {
            Register r1 = ins.Op1Register;
            if (r1.IsSegmentRegister())
            {
                o.Aux = (byte)(r1 - Register.ES);
                if (o.R0 == Ops.NoReg)
                {
                    o.Width = 2;
                }

                return &MovRmSreg;
            }

            if (r1.IsCR())
            {
                o.Aux = (byte)(r1 - Register.CR0);
                return o.Aux is 0 or 2 or 3 or 4 ? &MovFromCr : &FaultUd;
            }

            if (r1.IsDR())
            {
                o.Aux = (byte)(r1 - Register.DR0);
                return &MovFromDr;
            }

            if (r1.IsTR())
            {
                return &FaultUd;
            }
        }

        if (o.Width == 0)
        {
            o.Width = (byte)ins.MemorySize.GetSize();
        }

        return SelectMov(ref ins, ref o);
    }

    private static HandlerFn SelectPushPop(ref Instruction ins, ref Ops o, bool push)
    {
        o.Width = (byte)Math.Abs(ins.StackPointerIncrement);
        OpKind k = ins.Op0Kind;
        if (k == OpKind.Register && ins.Op0Register.IsSegmentRegister())
        {
            o.Aux = (byte)(ins.Op0Register - Register.ES);
            return push ? &PushSreg : &PopSreg;
        }

        if (k == OpKind.Register)
        {
            return push ? &PushR : &PopR;
        }

        if (k == OpKind.Memory)
        {
            return push ? &PushM : &PopM;
        }

        return push ? &PushI : &FaultUd;
    }

    private static HandlerFn SelectJmpCall(ref Instruction ins, ref Ops o, bool call)
    {
        switch (ins.Op0Kind)
        {
            case OpKind.NearBranch16:
            case OpKind.NearBranch32:
                o.Width = ins.Op0Kind == OpKind.NearBranch16 ? (byte)2 : (byte)4;
                return call ? &CallRel : &JmpRel;
            case OpKind.FarBranch16:
            case OpKind.FarBranch32:
                o.Width = ins.Op0Kind == OpKind.FarBranch16 ? (byte)2 : (byte)4;
                return call ? &CallFar : &JmpFar;
        }

        Code code = ins.Code;
        if (code is Code.Jmp_m1616 or Code.Jmp_m1632 or Code.Call_m1616 or Code.Call_m1632)
        {
            o.Width = code is Code.Jmp_m1616 or Code.Call_m1616 ? (byte)2 : (byte)4;
            return call ? &CallFarM : &JmpFarM;
        }

        return call ? &CallRm : &JmpRm;
    }

    private static HandlerFn SelectString(ref Instruction ins, ref Ops o, byte op)
    {
        bool addr32 = ins.Op0Kind is OpKind.MemoryESEDI or OpKind.MemorySegESI or OpKind.MemorySegEDI
            || ins.Op1Kind is OpKind.MemoryESEDI or OpKind.MemorySegESI or OpKind.MemorySegEDI;
        byte rep = 0;
        if (ins.HasRepePrefix)
        {
            rep = StrRep;
        }
        else if (ins.HasRepnePrefix)
        {
            rep = op is StrCmps or StrScas ? StrRepne : StrRep;
        }

        o.Aux = (byte)(op | (addr32 ? StrAddr32 : 0) | rep);
        return &StringOp;
    }
}
