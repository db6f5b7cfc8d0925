using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// FNSTENV/FLDENV and FNSAVE/FRSTOR (SDM Vol. 1 8.1.10, Figures 8-9 to 8-12): the environment is
/// 14 bytes (16-bit operand) or 28 bytes (32-bit): control word, status word, tag word, then the
/// last-instruction and last-operand pointers, which this FPU does not track and stores as zero.
/// The register image follows as eight 80-bit values, ST(0) first. FNSAVE then initialises the FPU.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const byte FpuEnvLoad = 1;
    private const byte FpuEnvRegisters = 2;
    private const byte FpuEnv32 = 4;

    private static Flow FpuEnvironment(Cpu c, ref Instruction i, ref Ops o)
    {
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

            Span<double> values = stackalloc double[8];
            if ((o.Aux & FpuEnvRegisters) != 0)
            {
                for (int k = 0; k < 8; k++)
                {
                    uint at = ea + regs + (uint)(10 * k);
                    if (!c.Read32(o.Seg, at & o.AddrMask, out uint m0) || !c.Read32(o.Seg, (at + 4) & o.AddrMask, out uint m1)
                        || !c.Read16(o.Seg, (at + 8) & o.AddrMask, out ushort se))
                    {
                        return Flow.Fault;
                    }

                    values[k] = FromExtended(m0 | ((ulong)m1 << 32), se);
                }
            }

            c._fpuCw = cw;
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
                ulong mant = ToExtended(c.St(k), out ushort se);
                uint at = ea + regs + (uint)(10 * k);
                if (!c.Write32(o.Seg, at & o.AddrMask, (uint)mant) || !c.Write32(o.Seg, (at + 4) & o.AddrMask, (uint)(mant >> 32))
                    || !c.Write16(o.Seg, (at + 8) & o.AddrMask, se))
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

    /// <summary>The tag of physical register <paramref name="r"/>: 0 valid, 1 zero, 2 special (NaN, infinity, denormal), 3 empty.</summary>
    private int TagOf(int r)
    {
        if ((_fpuEmpty & (1 << r)) != 0)
        {
            return 3;
        }

        double v = _st[r];
        if (v == 0)
        {
            return 1;
        }

        return double.IsNaN(v) || double.IsInfinity(v) || double.IsSubnormal(v) ? 2 : 0;
    }
}
