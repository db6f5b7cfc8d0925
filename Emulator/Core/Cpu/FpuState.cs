using Emu.Core.Cpu.X87;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// FNSTENV/FLDENV and FNSAVE/FRSTOR (SDM Vol. 1 8.1.10, Figures 8-9 to 8-12): the environment is
/// 14 bytes (16-bit operand) or 28 bytes (32-bit): control word, status word, tag word, then the
/// last-instruction and last-operand pointers, which this FPU does not track and stores as zero.
/// The register image follows as eight 80-bit values, ST(0) first, bit for bit. FNSAVE then initialises
/// the FPU. Of a loaded tag word only "empty" counts: the other tags follow from the values (SDM Vol. 1 8.1.7).
/// </summary>
public sealed unsafe partial class Cpu
{
    private const byte FpuEnvLoad = 1;
    private const byte FpuEnvRegisters = 2;
    private const byte FpuEnv32 = 4;
    private const byte FpuEnvWaits = 8;

    /// <summary>Aux: <see cref="FpuEnvLoad"/>, <see cref="FpuEnvRegisters"/>, <see cref="FpuEnv32"/>; FLDENV, FRSTOR and the waiting FSTENV/FSAVE (<see cref="FpuEnvWaits"/>) first take a pending exception.</summary>
    private static Flow FpuEnvironment(Cpu c, ref Instruction i, ref Ops o)
    {
        if ((o.Aux & (FpuEnvLoad | FpuEnvWaits)) != 0 && c.FpuPendingFault())
        {
            return Flow.Fault;
        }

        bool wide = (o.Aux & FpuEnv32) != 0;
        uint step = wide ? 4u : 2u;
        uint ea = c.Ea(ref o);
        uint regs = step * 7;
        if ((o.Aux & FpuEnvLoad) != 0)
        {
            if (!c.Read16(o.Seg, ea, out ushort cw) || !c.Read16(o.Seg, (ea + step) & o.AddrMask, out ushort sw)
                || !c.Read16(o.Seg, (ea + (2 * step)) & o.AddrMask, out ushort tags))
            {
                return Flow.Fault;
            }

            Span<Float80> values = stackalloc Float80[8];
            if ((o.Aux & FpuEnvRegisters) != 0)
            {
                for (int k = 0; k < 8; k++)
                {
                    if (!c.ReadFloat80(o.Seg, (ea + regs + (uint)(10 * k)) & o.AddrMask, o.AddrMask, out values[k]))
                    {
                        return Flow.Fault;
                    }
                }
            }

            c._fpuCw = (ushort)(cw | 0x40);
            c._fpuSw = (ushort)(sw & ~0x3800);
            c._fpuTop = (sw >> 11) & 7;
            byte empty = 0;
            for (int r = 0; r < 8; r++)
            {
                if (((tags >> (2 * r)) & 3) == 3)
                {
                    empty |= (byte)(1 << r);
                }
            }

            c._fpuEmpty = empty;
            if ((o.Aux & FpuEnvRegisters) != 0)
            {
                for (int k = 0; k < 8; k++)
                {
                    c.St(k) = values[k];
                }
            }

            return Flow.Next;
        }

        ushort tagWord = 0;
        for (int r = 0; r < 8; r++)
        {
            tagWord |= (ushort)(c.TagOf(r) << (2 * r));
        }

        bool ok = c.WriteW((int)step, o.Seg, ea, c._fpuCw) && c.WriteW((int)step, o.Seg, (ea + step) & o.AddrMask, c.FpuStatus)
            && c.WriteW((int)step, o.Seg, (ea + (2 * step)) & o.AddrMask, tagWord);
        for (uint k = 3; ok && k < 7; k++)
        {
            ok = c.WriteW((int)step, o.Seg, (ea + (k * step)) & o.AddrMask, 0);
        }

        if (!ok)
        {
            return Flow.Fault;
        }

        if ((o.Aux & FpuEnvRegisters) != 0)
        {
            for (int k = 0; k < 8; k++)
            {
                if (!c.WriteFloat80(o.Seg, (ea + regs + (uint)(10 * k)) & o.AddrMask, o.AddrMask, c.St(k)))
                {
                    return Flow.Fault;
                }
            }

            c.FpuInit();
        }
        else
        {
            // FNSTENV masks all floating-point exceptions after storing (SDM Vol. 2, FSTENV).
            c._fpuCw |= 0x3F;
        }

        return Flow.Next;
    }
}
