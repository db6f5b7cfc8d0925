using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// Resolves a decoded instruction's operands into <see cref="Ops"/> once, at decode time, and asks
/// <see cref="Cpu"/> for its handler. Also holds the per-<see cref="Code"/> facts built once: whether
/// a 686 executes the form at all, and whether it ends a block.
/// </summary>
internal static unsafe class Binder
{
    private static readonly bool[] Valid = BuildValid();

    private static readonly bool[] Ends = BuildEnds();

    public static bool IsValid(Code code) => Valid[(int)code];

    /// <summary>
    /// True when the block must end after this instruction: any transfer of control, and anything
    /// that changes CS, the decode mode, IF, the interrupt shadow or the code's translation (style.md §2).
    /// </summary>
    public static bool EndsBlock(ref Instruction ins)
    {
        if (Ends[(int)ins.Code])
        {
            return true;
        }

        // MOV SS / POP SS start an interrupt shadow.
        return ins.Op0Kind == OpKind.Register && ins.Op0Register == Register.SS;
    }

    public static void Bind(ref Instruction ins, ref Ops o)
    {
        o = default;
        o.R0 = Ops.NoReg;
        o.R1 = Ops.NoReg;
        o.Base = Ops.ZeroReg;
        o.Index = Ops.ZeroReg;
        o.AddrMask = 0xFFFF;
        o.Seg = 3;
        int count = Math.Min(ins.OpCount, 3);
        bool haveImm = false;
        for (int k = 0; k < count; k++)
        {
            switch (ins.GetOpKind(k))
            {
                case OpKind.Register:
                    if (Gpr(ins.GetOpRegister(k), out byte idx, out byte sh, out int size))
                    {
                        if (k == 0)
                        {
                            o.R0 = idx;
                            o.R0Sh = sh;
                            o.Width = (byte)size;
                        }
                        else if (k == 1)
                        {
                            o.R1 = idx;
                            o.R1Sh = sh;
                        }
                    }

                    break;
                case OpKind.Memory:
                    BindMemory(ref ins, ref o);
                    if (k == 0)
                    {
                        o.Width = (byte)ins.MemorySize.GetSize();
                    }

                    break;
                case OpKind.MemorySegSI:
                case OpKind.MemorySegESI:
                case OpKind.MemorySegDI:
                case OpKind.MemorySegEDI:
                case OpKind.MemoryESDI:
                case OpKind.MemoryESEDI:
                    o.Seg = (byte)(ins.MemorySegment - Register.ES);
                    o.Width = (byte)ins.MemorySize.GetSize();
                    break;
                case OpKind.NearBranch16:
                case OpKind.NearBranch32:
                    o.Imm = (uint)ins.NearBranchTarget;
                    break;
                case OpKind.FarBranch16:
                    o.Imm = ins.FarBranch16;
                    break;
                case OpKind.FarBranch32:
                    o.Imm = ins.FarBranch32;
                    break;
                case OpKind.Immediate8:
                case OpKind.Immediate16:
                case OpKind.Immediate32:
                case OpKind.Immediate8to16:
                case OpKind.Immediate8to32:
                    if (!haveImm)
                    {
                        o.Imm = (uint)ins.GetImmediate(k);
                        haveImm = true;
                    }

                    break;
            }
        }

        o.Handler = Cpu.Select(ref ins, ref o);
    }

    private static void BindMemory(ref Instruction ins, ref Ops o)
    {
        bool addr32 = false;
        Register b = ins.MemoryBase;
        Register x = ins.MemoryIndex;
        if (Gpr(b, out byte bi, out _, out int bs))
        {
            o.Base = bi;
            addr32 |= bs == 4;
        }

        if (Gpr(x, out byte xi, out _, out int xs))
        {
            o.Index = xi;
            addr32 |= xs == 4;
            o.Shift = (byte)System.Numerics.BitOperations.Log2((uint)ins.MemoryIndexScale);
        }

        if (b == Register.None && x == Register.None)
        {
            addr32 = ins.MemoryDisplSize == 4;
        }

        o.Disp = ins.MemoryDisplacement32;
        o.AddrMask = addr32 ? 0xFFFF_FFFF : 0xFFFF;
        o.Seg = (byte)(ins.MemorySegment - Register.ES);
    }

    /// <summary>Maps an Iced general register to (register-file index, byte shift, size).</summary>
    public static bool Gpr(Register r, out byte index, out byte shift, out int size)
    {
        if (r >= Register.AL && r <= Register.BH)
        {
            bool high = r >= Register.AH;
            index = (byte)(high ? r - Register.AH : r - Register.AL);
            shift = high ? (byte)8 : (byte)0;
            size = 1;
            return true;
        }

        shift = 0;
        if (r >= Register.AX && r <= Register.DI)
        {
            index = (byte)(r - Register.AX);
            size = 2;
            return true;
        }

        if (r >= Register.EAX && r <= Register.EDI)
        {
            index = (byte)(r - Register.EAX);
            size = 4;
            return true;
        }

        index = 0;
        size = 0;
        return false;
    }

    private static bool[] BuildValid()
    {
        CpuidFeature[] allowed =
        [
            CpuidFeature.INTEL8086, CpuidFeature.INTEL186, CpuidFeature.INTEL286, CpuidFeature.INTEL386,
            CpuidFeature.INTEL486, CpuidFeature.CPUID, CpuidFeature.TSC, CpuidFeature.CMOV, CpuidFeature.FPU,
            CpuidFeature.FPU287, CpuidFeature.FPU387, CpuidFeature.MSR, CpuidFeature.CX8,
            CpuidFeature.MULTIBYTENOP, CpuidFeature.PAUSE,
        ];
        Code[] codes = Enum.GetValues<Code>();
        bool[] valid = new bool[codes.Length];
        foreach (Code code in codes)
        {
            if (code == Code.INVALID || code.Encoding() != EncodingKind.Legacy)
            {
                continue;
            }

            Mnemonic m = code.Mnemonic();
            // F3 0F BC/BD run as BSF/BSR on CPUs without BMI1/LZCNT (the F3 prefix is ignored).
            if (m == Mnemonic.Tzcnt || m == Mnemonic.Lzcnt)
            {
                valid[(int)code] = !code.ToString().Contains("64", StringComparison.Ordinal);
                continue;
            }

            bool ok = true;
            foreach (CpuidFeature f in code.CpuidFeatures())
            {
                if (Array.IndexOf(allowed, f) < 0)
                {
                    ok = false;
                    break;
                }
            }

            valid[(int)code] = ok;
        }

        return valid;
    }

    private static bool[] BuildEnds()
    {
        Code[] codes = Enum.GetValues<Code>();
        bool[] ends = new bool[codes.Length];
        foreach (Code code in codes)
        {
            Mnemonic m = code.Mnemonic();
            bool end = code.FlowControl() != FlowControl.Next
                || m is Mnemonic.Sti or Mnemonic.Cli or Mnemonic.Popf or Mnemonic.Popfd or Mnemonic.Hlt
                    or Mnemonic.Lmsw or Mnemonic.Clts or Mnemonic.Lidt or Mnemonic.Lgdt or Mnemonic.Invlpg;
            if (code is Code.Mov_cr_r32 or Code.Popw_SS or Code.Popd_SS)
            {
                end = true;
            }

            ends[(int)code] = end;
        }

        return ends;
    }
}
