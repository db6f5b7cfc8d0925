using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// Resolves a decoded instruction's operands into <see cref="Ops"/> once, at decode time, and completes
/// them from its row of the instruction table (<see cref="Cpu.Complete"/>), which also gives its handler.
/// </summary>
internal static unsafe class Binder
{
    /// <summary>
    /// True when the block must end after this instruction: any transfer of control, and anything
    /// that changes CS, the decode mode, IF, the interrupt shadow or the code's translation (style.md §2).
    /// </summary>
    public static bool EndsBlock(ref Instruction ins)
    {
        if ((Cpu.RowOf(ins.Code).Facts & InstructionFacts.EndsBlock) != 0)
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

        Cpu.Complete(ref ins, ref o);
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
}
