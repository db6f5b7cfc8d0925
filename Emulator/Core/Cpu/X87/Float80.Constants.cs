namespace Emu.Core.Cpu.X87;

/// <summary>
/// The constants FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2 and FLDZ load. The x87 holds them with
/// more than 64 significand bits and rounds them by the rounding control (SDM Vol. 1 8.3.8); what
/// the extra bits say is in <see cref="TailAboveHalf"/>: each constant's 65th and later bits are
/// either clearly above or clearly below one half ulp, never a tie.
/// </summary>
public readonly partial struct Float80
{
    // Significands truncated to 64 bits; the bits that follow (SDM Vol. 1 8.3.8, and any table of the
    // constants' binary expansions): π ...C4C6628B, log2(10) ...492BF6FF, log2(e) ...BE87FED0,
    // log10(2) ...8F8959AC, ln(2) ...C9E3B398.
    private static readonly ulong[] ConstantSignificands =
    [
        0x8000_0000_0000_0000, // 1
        0xD49A_784B_CD1B_8AFE, // log2(10)
        0xB8AA_3B29_5C17_F0BB, // log2(e)
        0xC90F_DAA2_2168_C234, // π
        0x9A20_9A84_FBCF_F798, // log10(2)
        0xB172_17F7_D1CF_79AB, // ln(2)
        0,                     // +0
    ];

    private static readonly ushort[] ConstantExponents = [0x3FFF, 0x4000, 0x3FFF, 0x4000, 0x3FFD, 0x3FFE, 0];

    private static readonly bool[] TailAboveHalf = [false, false, true, true, true, true, false];

    private static readonly bool[] TailNonzero = [false, true, true, true, true, true, false];

    /// <summary>The constant of <paramref name="which"/> (0 one, 1 log2 10, 2 log2 e, 3 π, 4 log10 2, 5 ln 2, 6 zero), rounded by <paramref name="rc"/>.</summary>
    public static Float80 Constant(int which, int rc)
    {
        ulong sig = ConstantSignificands[which];
        bool up = TailNonzero[which] && rc switch
        {
            0 => TailAboveHalf[which],
            2 => true,
            _ => false,
        };
        return new Float80(up ? sig + 1 : sig, ConstantExponents[which]);
    }
}
