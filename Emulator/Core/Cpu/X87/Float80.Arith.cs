namespace Emu.Core.Cpu.X87;

/// <summary>
/// FADD/FSUB/FMUL/FDIV/FSQRT/FRNDINT on 80-bit values (SDM Vol. 2, each instruction's "FPU Flags
/// Affected" and the special-operand tables). Each computes the exact result, or enough of it plus a
/// sticky bit, and rounds once with <see cref="RoundPack"/>.
/// </summary>
public readonly partial struct Float80
{
    public static Float80 Add(Float80 a, Float80 b, ushort controlWord, ref X87Flags flags) => AddSigned(a, b, false, controlWord, ref flags);

    public static Float80 Sub(Float80 a, Float80 b, ushort controlWord, ref X87Flags flags) => AddSigned(a, b, true, controlWord, ref flags);

    private static Float80 AddSigned(Float80 a, Float80 b, bool negateB, ushort controlWord, ref X87Flags flags)
    {
        if (PropagateNaN(a, b, ref flags, out Float80 nan))
        {
            return nan;
        }

        NoteDenormal(a, ref flags);
        NoteDenormal(b, ref flags);
        int rc = RoundingMode(controlWord);
        bool signA = a.Sign;
        bool signB = b.Sign ^ negateB;
        X87Class ca = a.Classify();
        X87Class cb = b.Classify();
        if (ca == X87Class.Infinity || cb == X87Class.Infinity)
        {
            if (ca == X87Class.Infinity && cb == X87Class.Infinity && signA != signB)
            {
                flags |= X87Flags.Invalid;
                return Indefinite;
            }

            return Infinity(ca == X87Class.Infinity ? signA : signB);
        }

        int bits = PrecisionBits(controlWord);
        if (ca == X87Class.Zero && cb == X87Class.Zero)
        {
            return SignedZero(signA == signB ? signA : rc == 1);
        }

        if (ca == X87Class.Zero)
        {
            return Repack(b, signB, bits, rc, ref flags);
        }

        if (cb == X87Class.Zero)
        {
            return Repack(a, signA, bits, rc, ref flags);
        }

        a.Normalize(out _, out int expA, out ulong sigA);
        b.Normalize(out _, out int expB, out ulong sigB);
        if (expA < expB || (expA == expB && sigA < sigB))
        {
            (expA, expB) = (expB, expA);
            (sigA, sigB) = (sigB, sigA);
            (signA, signB) = (signB, signA);
        }

        // Two bits of headroom above the integer bit take the carry of an addition.
        UInt128 big = (UInt128)sigA << 62;
        UInt128 small = ShiftRightJam((UInt128)sigB << 62, expA - expB);
        UInt128 sum = signA == signB ? big + small : big - small;
        if (sum == UInt128.Zero)
        {
            return SignedZero(rc == 1);
        }

        int exp = expA + 2;
        Normalize128(ref exp, ref sum);
        return RoundPack(signA, exp, sum, bits, rc, ref flags);
    }

    /// <summary>A finite nonzero operand rounded to the precision, as FADD gives x + 0.</summary>
    private static Float80 Repack(Float80 x, bool sign, int bits, int rc, ref X87Flags flags)
    {
        x.Normalize(out _, out int exp, out ulong sig);
        return RoundPack(sign, exp, (UInt128)sig << 64, bits, rc, ref flags);
    }

    public static Float80 Mul(Float80 a, Float80 b, ushort controlWord, ref X87Flags flags)
    {
        if (PropagateNaN(a, b, ref flags, out Float80 nan))
        {
            return nan;
        }

        NoteDenormal(a, ref flags);
        NoteDenormal(b, ref flags);
        bool sign = a.Sign ^ b.Sign;
        X87Class ca = a.Classify();
        X87Class cb = b.Classify();
        if (ca == X87Class.Infinity || cb == X87Class.Infinity)
        {
            if (ca == X87Class.Zero || cb == X87Class.Zero)
            {
                flags |= X87Flags.Invalid;
                return Indefinite;
            }

            return Infinity(sign);
        }

        if (ca == X87Class.Zero || cb == X87Class.Zero)
        {
            return SignedZero(sign);
        }

        a.Normalize(out _, out int expA, out ulong sigA);
        b.Normalize(out _, out int expB, out ulong sigB);
        UInt128 product = (UInt128)sigA * sigB;
        int exp = expA + expB - Bias + 1;
        Normalize128(ref exp, ref product);
        return RoundPack(sign, exp, product, PrecisionBits(controlWord), RoundingMode(controlWord), ref flags);
    }

    public static Float80 Div(Float80 a, Float80 b, ushort controlWord, ref X87Flags flags)
    {
        if (PropagateNaN(a, b, ref flags, out Float80 nan))
        {
            return nan;
        }

        bool sign = a.Sign ^ b.Sign;
        X87Class ca = a.Classify();
        X87Class cb = b.Classify();
        if ((ca == X87Class.Infinity && cb == X87Class.Infinity) || (ca == X87Class.Zero && cb == X87Class.Zero))
        {
            flags |= X87Flags.Invalid;
            return Indefinite;
        }

        // A zero divisor gives infinity: divide-by-zero for a finite dividend, nothing for an infinite
        // one, and no denormal-operand flag either way (as the hardware shows).
        if (cb == X87Class.Zero)
        {
            if (ca != X87Class.Infinity)
            {
                flags |= X87Flags.ZeroDivide;
            }

            return Infinity(sign);
        }

        NoteDenormal(a, ref flags);
        NoteDenormal(b, ref flags);
        if (ca == X87Class.Infinity)
        {
            return Infinity(sign);
        }

        if (ca == X87Class.Zero || cb == X87Class.Infinity)
        {
            return SignedZero(sign);
        }

        a.Normalize(out _, out int expA, out ulong sigA);
        b.Normalize(out _, out int expB, out ulong sigB);
        UInt128 q = ((UInt128)sigA << 64) / sigB;
        ulong r = (ulong)(((UInt128)sigA << 64) - (q * sigB));
        UInt128 extra = ((UInt128)r << 64) / sigB;
        bool sticky = ((UInt128)r << 64) != extra * sigB;
        UInt128 sig;
        int exp;
        if ((q >> 64) != UInt128.Zero)
        {
            sig = (q << 63) | (extra >> 1);
            sticky |= (extra & UInt128.One) != UInt128.Zero;
            exp = expA - expB + Bias;
        }
        else
        {
            sig = (q << 64) | extra;
            exp = expA - expB + Bias - 1;
        }

        if (sticky)
        {
            sig |= UInt128.One;
        }

        return RoundPack(sign, exp, sig, PrecisionBits(controlWord), RoundingMode(controlWord), ref flags);
    }

    public static Float80 Sqrt(Float80 a, ushort controlWord, ref X87Flags flags)
    {
        if (PropagateNaN(a, ref flags, out Float80 nan))
        {
            return nan;
        }

        X87Class ca = a.Classify();
        if (ca == X87Class.Zero)
        {
            return a;
        }

        if (a.Sign)
        {
            flags |= X87Flags.Invalid;
            return Indefinite;
        }

        if (ca == X87Class.Infinity)
        {
            return a;
        }

        NoteDenormal(a, ref flags);
        a.Normalize(out _, out int exp, out ulong sig);
        int unbiased = exp - Bias;
        UInt128 n = (UInt128)sig << ((unbiased & 1) != 0 ? 64 : 63);
        ulong root = IntegerSqrt(n);
        UInt128 rem = n - ((UInt128)root * root);

        // The bit below the root is set when rem > root, since (2·root + 1)² ≤ 4n exactly then;
        // a square root is never exactly halfway, so any remainder also sets the sticky bit.
        UInt128 result = ((UInt128)root << 64) | (rem > root ? (UInt128)1 << 63 : UInt128.Zero) | (rem != UInt128.Zero ? UInt128.One : UInt128.Zero);
        return RoundPack(false, (unbiased >> 1) + Bias, result, PrecisionBits(controlWord), RoundingMode(controlWord), ref flags);
    }

    /// <summary>
    /// floor(√n) for n in [2^126, 2^128), by Newton's iteration from above: from any start at or above
    /// the root the iterates fall strictly until they reach it, and 2^64 − 1 is at or above it. Pure
    /// integer arithmetic, so no step can overflow (x + n/x stays below 2^66).
    /// </summary>
    private static ulong IntegerSqrt(UInt128 n)
    {
        UInt128 x = ulong.MaxValue;
        while (true)
        {
            UInt128 next = (x + (n / x)) >> 1;
            if (next >= x)
            {
                return (ulong)x;
            }

            x = next;
        }
    }

    /// <summary>FRNDINT: rounds to an integer by the rounding control, whatever the precision control (SDM Vol. 2, FRNDINT).</summary>
    public static Float80 RoundToInteger(Float80 a, ushort controlWord, ref X87Flags flags)
    {
        if (PropagateNaN(a, ref flags, out Float80 nan))
        {
            return nan;
        }

        X87Class ca = a.Classify();
        if (ca is X87Class.Zero or X87Class.Infinity)
        {
            return a;
        }

        NoteDenormal(a, ref flags);
        a.Normalize(out bool sign, out int exp, out ulong sig);
        int unbiased = exp - Bias;
        if (unbiased >= 63)
        {
            return new Float80(sig, (ushort)((sign ? 0x8000 : 0) | exp));
        }

        // sig × 2^(unbiased − 63) = wide × 2^(unbiased − 127): the integer part is wide >> (127 − unbiased).
        // Below 1 the value first moves right (keeping a sticky bit) so the split stays within 128 bits.
        UInt128 wide = (UInt128)sig << 64;
        int drop = 127 - unbiased;
        if (unbiased < 0)
        {
            wide = ShiftRightJam(wide, -unbiased);
            drop = 127;
        }

        UInt128 kept = wide >> drop;
        UInt128 rest = wide & ((UInt128.One << drop) - 1);
        UInt128 half = UInt128.One << (drop - 1);
        if (rest != UInt128.Zero)
        {
            flags |= X87Flags.Precision;
        }

        if (RoundsUp(sign, RoundingMode(controlWord), kept, rest, half))
        {
            kept++;
            flags |= X87Flags.RoundedUp;
        }

        if (kept == UInt128.Zero)
        {
            return SignedZero(sign);
        }

        ulong value = (ulong)kept;
        int lz = System.Numerics.BitOperations.LeadingZeroCount(value);
        return new Float80(value << lz, (ushort)((sign ? 0x8000 : 0) | (Bias + 63 - lz)));
    }
}
