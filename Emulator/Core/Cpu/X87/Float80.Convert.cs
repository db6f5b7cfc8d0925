namespace Emu.Core.Cpu.X87;

/// <summary>
/// Conversions between the 80-bit format and the memory formats (SDM Vol. 1 4.2, 8.2; SDM Vol. 2 FLD,
/// FILD, FST, FIST, FISTTP): loads of integers are exact, loads of single/double are exact but raise
/// invalid on an SNaN and denormal on a denormal; stores round by the rounding control with the target
/// format's exponent range, and a value out of an integer's range stores the integer indefinite.
/// </summary>
public readonly partial struct Float80
{
    public static Float80 FromInt64(long value)
    {
        if (value == 0)
        {
            return Zero;
        }

        bool sign = value < 0;
        ulong magnitude = sign ? (ulong)-value : (ulong)value;
        int lz = System.Numerics.BitOperations.LeadingZeroCount(magnitude);
        return new Float80(magnitude << lz, (ushort)((sign ? 0x8000 : 0) | (Bias + 63 - lz)));
    }

    /// <summary>
    /// FIST/FISTP (<paramref name="bits"/> 16, 32 or 64) by the rounding control; FISTTP passes rounding 3.
    /// Out of range, NaN, infinity or unsupported: invalid, and the integer indefinite (the most negative value).
    /// </summary>
    public static long ToInt(Float80 a, int bits, int rc, ref X87Flags flags)
    {
        long indefinite = long.MinValue >> (64 - bits);
        X87Class ca = a.Classify();
        if (ca is X87Class.QuietNaN or X87Class.SignalingNaN or X87Class.Unsupported or X87Class.Infinity)
        {
            flags |= X87Flags.Invalid;
            return indefinite;
        }

        ushort cw = (ushort)(0x037F | (rc << 10));
        X87Flags local = X87Flags.None;
        Float80 rounded = RoundToInteger(a, cw, ref local);
        if (rounded.Classify() == X87Class.Zero)
        {
            flags |= local & ~X87Flags.Denormal;
            return 0;
        }

        int unbiased = rounded.Exponent - Bias;
        ulong magnitude = unbiased >= 64 ? ulong.MaxValue : rounded.Significand >> (63 - unbiased);
        ulong limit = (1UL << (bits - 1)) - (rounded.Sign ? 0UL : 1UL);
        if (unbiased >= bits || magnitude > limit)
        {
            flags |= X87Flags.Invalid;
            return indefinite;
        }

        flags |= local & ~X87Flags.Denormal;
        return rounded.Sign ? -(long)magnitude : (long)magnitude;
    }

    public static Float80 FromSingle(uint bits, ref X87Flags flags) => FromBinary(bits, 23, 8, ref flags);

    public static Float80 FromDouble(ulong bits, ref X87Flags flags) => FromBinary(bits, 52, 11, ref flags);

    private static Float80 FromBinary(ulong bits, int fractionBits, int exponentBits, ref X87Flags flags)
    {
        bool sign = (bits >> (fractionBits + exponentBits)) != 0;
        int maxExp = (1 << exponentBits) - 1;
        int bias = maxExp >> 1;
        int exp = (int)(bits >> fractionBits) & maxExp;
        ulong fraction = bits & ((1UL << fractionBits) - 1);
        ushort signBit = (ushort)(sign ? 0x8000 : 0);
        if (exp == maxExp)
        {
            if (fraction == 0)
            {
                return Infinity(sign);
            }

            Float80 nan = new((1UL << 63) | (fraction << (63 - fractionBits)), (ushort)(signBit | MaxExponent));
            if (nan.Classify() == X87Class.SignalingNaN)
            {
                flags |= X87Flags.Invalid;
                nan = nan.Quiet();
            }

            return nan;
        }

        if (exp == 0)
        {
            if (fraction == 0)
            {
                return SignedZero(sign);
            }

            flags |= X87Flags.Denormal;
            int lz = System.Numerics.BitOperations.LeadingZeroCount(fraction);
            return new Float80(fraction << lz, (ushort)(signBit | (Bias - bias + 1 + (63 - fractionBits) - lz)));
        }

        return new Float80((1UL << 63) | (fraction << (63 - fractionBits)), (ushort)(signBit | (exp - bias + Bias)));
    }

    public static uint ToSingle(Float80 a, int rc, ref X87Flags flags) => (uint)ToBinary(a, 23, 8, rc, ref flags);

    public static ulong ToDouble(Float80 a, int rc, ref X87Flags flags) => ToBinary(a, 52, 11, rc, ref flags);

    private static ulong ToBinary(Float80 a, int fractionBits, int exponentBits, int rc, ref X87Flags flags)
    {
        int maxExp = (1 << exponentBits) - 1;
        int bias = maxExp >> 1;
        ulong signBit = a.Sign ? 1UL << (fractionBits + exponentBits) : 0;
        ulong infinity = signBit | ((ulong)maxExp << fractionBits);
        switch (a.Classify())
        {
            case X87Class.Zero:
                return signBit;
            case X87Class.Infinity:
                return infinity;
            case X87Class.Unsupported:
                flags |= X87Flags.Invalid;
                return (1UL << (fractionBits + exponentBits)) | ((ulong)maxExp << fractionBits) | (1UL << (fractionBits - 1));
            case X87Class.SignalingNaN:
            case X87Class.QuietNaN:
                if (a.Classify() == X87Class.SignalingNaN)
                {
                    flags |= X87Flags.Invalid;
                }

                return infinity | (1UL << (fractionBits - 1)) | ((a.Significand << 1) >> (64 - fractionBits));
        }

        // Stores raise no denormal-operand exception: that is for arithmetic (SDM Vol. 1 4.9.1.2), as the hardware shows.
        a.Normalize(out bool sign, out int exp, out ulong sig);
        int e = exp - Bias + bias;
        UInt128 wide = (UInt128)sig << 64;
        int keep = fractionBits + 1;
        int drop = 128 - keep;
        bool tiny = e <= 0 && !(e == 0 && RoundsToNextBinade(sign, wide, drop, rc));
        if (e <= 0)
        {
            wide = ShiftRightJam(wide, 1 - e);
            e = 1;
        }

        UInt128 kept = wide >> drop;
        UInt128 rest = wide & ((UInt128.One << drop) - 1);
        if (rest != UInt128.Zero)
        {
            flags |= X87Flags.Precision;
            if (tiny)
            {
                flags |= X87Flags.Underflow;
            }
        }

        if (RoundsUp(sign, rc, kept, rest, UInt128.One << (drop - 1)))
        {
            kept++;
            flags |= X87Flags.RoundedUp;
            if ((kept >> keep) != UInt128.Zero)
            {
                kept >>= 1;
                e++;
            }
        }

        if (e >= maxExp)
        {
            flags |= X87Flags.Overflow | X87Flags.Precision;
            bool toInfinity = rc == 0 || (rc == 1 && sign) || (rc == 2 && !sign);
            if (toInfinity)
            {
                flags |= X87Flags.RoundedUp;
                return infinity;
            }

            flags &= ~X87Flags.RoundedUp;
            return signBit | (((ulong)maxExp - 1) << fractionBits) | ((1UL << fractionBits) - 1);
        }

        ulong k = (ulong)kept;
        if ((k >> fractionBits) == 0)
        {
            return signBit | k;
        }

        return signBit | ((ulong)e << fractionBits) | (k & ((1UL << fractionBits) - 1));
    }
}
