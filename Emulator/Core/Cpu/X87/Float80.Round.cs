namespace Emu.Core.Cpu.X87;

/// <summary>
/// Rounding an exact result to the destination: the x87 rounds the significand to 24, 53 or 64 bits
/// by the precision-control field but keeps the 15-bit exponent range (SDM Vol. 1 8.1.5.2), and
/// rounds by the rounding-control field (SDM Vol. 1 4.8.4, Table 4-8). Masked overflow gives infinity
/// or the largest finite value by the rounding direction (SDM Vol. 1 4.9.1.4). Masked underflow is reported
/// only when the result is tiny and inexact (SDM Vol. 1 4.9.1.5); the hardware judges "tiny" on the
/// result rounded to the precision with an unbounded exponent, so a value that rounds up to the smallest
/// normal is not tiny (measured against this machine's x87 by Float80Tests).
/// </summary>
public readonly partial struct Float80
{
    /// <summary>The significand width the precision-control field (control word bits 8-9) selects; 01b is reserved and acts as 64.</summary>
    public static int PrecisionBits(ushort controlWord) => ((controlWord >> 8) & 3) switch
    {
        0 => 24,
        2 => 53,
        _ => 64,
    };

    /// <summary>The rounding-control field (control word bits 10-11): 0 nearest even, 1 down, 2 up, 3 toward zero.</summary>
    public static int RoundingMode(ushort controlWord) => (controlWord >> 10) & 3;

    /// <summary>
    /// Rounds sign × sig × 2^(exp − Bias − 127), with bit 127 of <paramref name="sig"/> set (or sig zero),
    /// to <paramref name="bits"/> significant bits.
    /// </summary>
    internal static Float80 RoundPack(bool sign, int exp, UInt128 sig, int bits, int rc, ref X87Flags flags)
    {
        if (sig == UInt128.Zero)
        {
            return SignedZero(sign);
        }

        int drop = 128 - bits;
        bool tiny = exp <= 0 && !(exp == 0 && RoundsToNextBinade(sign, sig, drop, rc));
        if (exp <= 0)
        {
            sig = ShiftRightJam(sig, 1 - exp);
            exp = 1;
        }

        UInt128 kept = sig >> drop;
        UInt128 rest = sig & ((UInt128.One << drop) - 1);
        bool inexact = rest != UInt128.Zero;
        if (RoundsUp(sign, rc, kept, rest, UInt128.One << (drop - 1)))
        {
            kept++;
            flags |= X87Flags.RoundedUp;
            if ((kept >> bits) != UInt128.Zero)
            {
                kept >>= 1;
                exp++;
            }
        }

        if (inexact)
        {
            flags |= X87Flags.Precision;
            if (tiny)
            {
                flags |= X87Flags.Underflow;
            }
        }

        ulong mant = (ulong)(kept << (64 - bits));
        if (exp >= MaxExponent)
        {
            return Overflow(sign, bits, rc, ref flags);
        }

        if ((mant >> 63) == 0)
        {
            exp = 0;
        }

        return new Float80(mant, (ushort)((sign ? 0x8000 : 0) | exp));
    }

    /// <summary>Whether rounding the normalised <paramref name="sig"/> (dropping its low bits) carries into the next power of two.</summary>
    internal static bool RoundsToNextBinade(bool sign, UInt128 sig, int drop, int rc)
    {
        UInt128 kept = sig >> drop;
        UInt128 rest = sig & ((UInt128.One << drop) - 1);
        return kept == (UInt128.MaxValue >> drop) && RoundsUp(sign, rc, kept, rest, UInt128.One << (drop - 1));
    }

    internal static Float80 Overflow(bool sign, int bits, int rc, ref X87Flags flags)
    {
        flags |= X87Flags.Overflow | X87Flags.Precision;
        bool toInfinity = rc == 0 || (rc == 1 && sign) || (rc == 2 && !sign);
        if (toInfinity)
        {
            flags |= X87Flags.RoundedUp;
            return Infinity(sign);
        }

        flags &= ~X87Flags.RoundedUp;
        ulong largest = ulong.MaxValue << (64 - bits);
        return new Float80(largest, (ushort)((sign ? 0x8000 : 0) | (MaxExponent - 1)));
    }

    /// <summary>Whether dropping <paramref name="rest"/> rounds the kept magnitude up (SDM Vol. 1 Table 4-8).</summary>
    internal static bool RoundsUp(bool sign, int rc, UInt128 kept, UInt128 rest, UInt128 half)
    {
        if (rest == UInt128.Zero)
        {
            return false;
        }

        return rc switch
        {
            0 => rest > half || (rest == half && (kept & UInt128.One) != UInt128.Zero),
            1 => sign,
            2 => !sign,
            _ => false,
        };
    }

    /// <summary>Shifts right, ORing every bit shifted out into bit 0 so rounding still sees them.</summary>
    internal static UInt128 ShiftRightJam(UInt128 v, int count)
    {
        if (count <= 0)
        {
            return v;
        }

        if (count >= 128)
        {
            return v != UInt128.Zero ? UInt128.One : UInt128.Zero;
        }

        UInt128 r = v >> count;
        return (r << count) != v ? r | UInt128.One : r;
    }

    /// <summary>Shifts <paramref name="sig"/> left so bit 127 is set and adjusts the exponent to match.</summary>
    internal static void Normalize128(ref int exp, ref UInt128 sig)
    {
        int lz = (int)UInt128.LeadingZeroCount(sig);
        sig <<= lz;
        exp -= lz;
    }
}
