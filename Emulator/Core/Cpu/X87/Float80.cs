namespace Emu.Core.Cpu.X87;

/// <summary>
/// An x87 double extended-precision value (SDM Vol. 1 4.2.2, Figure 4-3): a sign, a 15-bit biased
/// exponent and a 64-bit significand with an explicit integer bit. The arithmetic is a soft-float of
/// our own (Float80.*.cs) that rounds as the x87 does under the control word's precision (PC) and
/// rounding (RC) fields (SDM Vol. 1 8.1.5) and reports the exception flags of masked responses.
/// </summary>
public readonly partial struct Float80 : IEquatable<Float80>
{
    public const int Bias = 16383;
    public const int MaxExponent = 0x7FFF;

    public Float80(ulong significand, ushort signExponent)
    {
        Significand = significand;
        SignExponent = signExponent;
    }

    public ulong Significand { get; }

    public ushort SignExponent { get; }

    public bool Sign => (SignExponent & 0x8000) != 0;

    public int Exponent => SignExponent & 0x7FFF;

    /// <summary>The real indefinite, the default QNaN of an invalid operation (SDM Vol. 1 4.8.3.7).</summary>
    public static Float80 Indefinite => new(0xC000_0000_0000_0000, 0xFFFF);

    public static Float80 Zero => new(0, 0);

    public static Float80 One => new(0x8000_0000_0000_0000, Bias);

    public static Float80 Infinity(bool negative) => new(0x8000_0000_0000_0000, (ushort)(negative ? 0xFFFF : 0x7FFF));

    public static Float80 SignedZero(bool negative) => new(0, (ushort)(negative ? 0x8000 : 0));

    public Float80 Negate() => new(Significand, (ushort)(SignExponent ^ 0x8000));

    public Float80 Abs() => new(Significand, (ushort)(SignExponent & 0x7FFF));

    /// <summary>The class of this encoding, as FXAM and the operand checks see it (SDM Vol. 1 8.2.2, Table 8-3).</summary>
    public X87Class Classify()
    {
        int exp = Exponent;
        bool integerBit = (Significand >> 63) != 0;
        if (exp == MaxExponent)
        {
            if (!integerBit)
            {
                return X87Class.Unsupported;
            }

            if ((Significand << 1) == 0)
            {
                return X87Class.Infinity;
            }

            return (Significand & 0x4000_0000_0000_0000) != 0 ? X87Class.QuietNaN : X87Class.SignalingNaN;
        }

        if (exp == 0)
        {
            return Significand == 0 ? X87Class.Zero : X87Class.Denormal;
        }

        return integerBit ? X87Class.Normal : X87Class.Unsupported;
    }

    public bool IsNaN => Exponent == MaxExponent && (Significand << 1) != 0 && (Significand >> 63) != 0;

    public bool Equals(Float80 other) => Significand == other.Significand && SignExponent == other.SignExponent;

    public override bool Equals(object? obj) => obj is Float80 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Significand, SignExponent);

    public override string ToString() => $"{SignExponent:X4}:{Significand:X16}";

    public static bool operator ==(Float80 a, Float80 b) => a.Equals(b);

    public static bool operator !=(Float80 a, Float80 b) => !a.Equals(b);

    /// <summary>
    /// The operand as sign, biased exponent and a significand normalised so bit 63 is set
    /// (denormals and pseudo-denormals get an exponent of 1 or below). Only for finite nonzero operands.
    /// </summary>
    internal void Normalize(out bool sign, out int exp, out ulong sig)
    {
        sign = Sign;
        sig = Significand;
        exp = Exponent;
        if (exp == 0)
        {
            exp = 1;
        }

        int shift = System.Numerics.BitOperations.LeadingZeroCount(sig);
        sig <<= shift;
        exp -= shift;
    }
}

/// <summary>The classes of an 80-bit encoding (SDM Vol. 1 8.2.2): pseudo-NaNs, pseudo-infinities and unnormals are unsupported.</summary>
public enum X87Class
{
    Zero,
    Normal,
    Denormal,
    Infinity,
    QuietNaN,
    SignalingNaN,
    Unsupported,
}
