using Emu.Core.Cpu.X87;

namespace Emu.Core.Cpu;

/// <summary>
/// x87 memory operands by kind: 0 m32fp, 1 m64fp, 2 m16int, 3 m32int, 4 m64int, 5 m80fp (SDM Vol. 1 4.2,
/// Figure 4-3). Loads of integers and of m80fp are exact and raise nothing; m32fp and m64fp raise invalid
/// on an SNaN and denormal on a denormal (SDM Vol. 2 FLD).
/// </summary>
public sealed unsafe partial class Cpu
{
    private bool FpuReadMem(ref Ops o, int kind, ref X87Flags flags, out Float80 v)
    {
        uint ea = Ea(ref o);
        v = default;
        switch (kind)
        {
            case 0:
                if (!Read32(o.Seg, ea, out uint f))
                {
                    return false;
                }

                v = Float80.FromSingle(f, ref flags);
                return true;
            case 2:
                if (!Read16(o.Seg, ea, out ushort s))
                {
                    return false;
                }

                v = Float80.FromInt64((short)s);
                return true;
            case 3:
                if (!Read32(o.Seg, ea, out uint n))
                {
                    return false;
                }

                v = Float80.FromInt64((int)n);
                return true;
            case 5:
                return ReadFloat80(o.Seg, ea, o.AddrMask, out v);
            default:
                if (!Read32(o.Seg, ea, out uint lo) || !Read32(o.Seg, (ea + 4) & o.AddrMask, out uint hi))
                {
                    return false;
                }

                ulong bits = lo | ((ulong)hi << 32);
                v = kind == 1 ? Float80.FromDouble(bits, ref flags) : Float80.FromInt64((long)bits);
                return true;
        }
    }

    private bool ReadFloat80(int seg, uint ea, uint addrMask, out Float80 v)
    {
        v = default;
        if (!Read32(seg, ea, out uint m0) || !Read32(seg, (ea + 4) & addrMask, out uint m1)
            || !Read16(seg, (ea + 8) & addrMask, out ushort se))
        {
            return false;
        }

        v = new Float80(m0 | ((ulong)m1 << 32), se);
        return true;
    }

    private bool WriteFloat80(int seg, uint ea, uint addrMask, Float80 v) =>
        Write32(seg, ea, (uint)v.Significand) && Write32(seg, (ea + 4) & addrMask, (uint)(v.Significand >> 32))
        && Write16(seg, (ea + 8) & addrMask, v.SignExponent);

    /// <summary>
    /// Converts <paramref name="v"/> to memory kind <paramref name="kind"/> (as <see cref="FpuReadMem"/>; 4 is
    /// m64int) by the rounding control: the bits and the byte count to store.
    /// </summary>
    private ulong FpuToMemory(Float80 v, int kind, ref X87Flags flags, out int bytes)
    {
        int rc = Float80.RoundingMode(_fpuCw);
        switch (kind)
        {
            case 0:
                bytes = 4;
                return Float80.ToSingle(v, rc, ref flags);
            case 1:
                bytes = 8;
                return Float80.ToDouble(v, rc, ref flags);
            case 2:
                bytes = 2;
                return (ushort)Float80.ToInt(v, 16, rc, ref flags);
            case 3:
                bytes = 4;
                return (uint)Float80.ToInt(v, 32, rc, ref flags);
            default:
                bytes = 8;
                return (ulong)Float80.ToInt(v, 64, rc, ref flags);
        }
    }

    private bool FpuWriteMem(ref Ops o, ulong bits, int bytes)
    {
        uint ea = Ea(ref o);
        return bytes switch
        {
            2 => Write16(o.Seg, ea, (ushort)bits),
            4 => Write32(o.Seg, ea, (uint)bits),
            _ => Write32(o.Seg, ea, (uint)bits) && Write32(o.Seg, (ea + 4) & o.AddrMask, (uint)(bits >> 32)),
        };
    }
}
