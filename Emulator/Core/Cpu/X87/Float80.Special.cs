namespace Emu.Core.Cpu.X87;

/// <summary>
/// Operands that are not plain numbers: NaN propagation (SDM Vol. 1 4.8.3.5, Table 4-7), the invalid
/// operation on unsupported encodings (SDM Vol. 1 8.2.2) and the denormal-operand flag (SDM Vol. 1 4.9.1.2).
/// </summary>
public readonly partial struct Float80
{
    /// <summary>The NaN with its quiet bit set.</summary>
    public Float80 Quiet() => new(Significand | 0x4000_0000_0000_0000, SignExponent);

    /// <summary>
    /// The result of a two-operand operation when either operand is a NaN or unsupported, or false when
    /// neither is. An SNaN or unsupported operand raises invalid; of two NaNs the one with the larger
    /// significand wins, an SNaN giving way to a QNaN (SDM Vol. 1 Table 4-7).
    /// </summary>
    internal static bool PropagateNaN(Float80 a, Float80 b, ref X87Flags flags, out Float80 result)
    {
        X87Class ca = a.Classify();
        X87Class cb = b.Classify();
        if (ca == X87Class.Unsupported || cb == X87Class.Unsupported)
        {
            flags |= X87Flags.Invalid;
            result = Indefinite;
            return true;
        }

        bool aNaN = ca is X87Class.QuietNaN or X87Class.SignalingNaN;
        bool bNaN = cb is X87Class.QuietNaN or X87Class.SignalingNaN;
        if (!aNaN && !bNaN)
        {
            result = default;
            return false;
        }

        if (ca == X87Class.SignalingNaN || cb == X87Class.SignalingNaN)
        {
            flags |= X87Flags.Invalid;
        }

        if (aNaN && bNaN)
        {
            if (ca == X87Class.SignalingNaN && cb == X87Class.QuietNaN)
            {
                result = b;
                return true;
            }

            if (cb == X87Class.SignalingNaN && ca == X87Class.QuietNaN)
            {
                result = a;
                return true;
            }

            result = LargerSignificand(a.Quiet(), b.Quiet());
            return true;
        }

        result = (aNaN ? a : b).Quiet();
        return true;
    }

    /// <summary>The result for a one-operand operation on a NaN or unsupported operand, or false otherwise.</summary>
    internal static bool PropagateNaN(Float80 a, ref X87Flags flags, out Float80 result)
    {
        switch (a.Classify())
        {
            case X87Class.Unsupported:
                flags |= X87Flags.Invalid;
                result = Indefinite;
                return true;
            case X87Class.SignalingNaN:
                flags |= X87Flags.Invalid;
                result = a.Quiet();
                return true;
            case X87Class.QuietNaN:
                result = a;
                return true;
            default:
                result = default;
                return false;
        }
    }

    private static Float80 LargerSignificand(Float80 a, Float80 b)
    {
        if (a.Significand != b.Significand)
        {
            return a.Significand > b.Significand ? a : b;
        }

        return a.SignExponent < b.SignExponent ? a : b;
    }

    internal static void NoteDenormal(Float80 a, ref X87Flags flags)
    {
        if (a.Exponent == 0 && a.Significand != 0)
        {
            flags |= X87Flags.Denormal;
        }
    }
}
