namespace Emu.Core.Cpu.X87;

/// <summary>The relation FCOM/FUCOM/FCOMI/FTST report (SDM Vol. 2, FCOM Table 3-21).</summary>
public enum X87Relation
{
    Greater,
    Less,
    Equal,
    Unordered,
}

/// <summary>Comparisons: FCOM raises invalid on any NaN, FUCOM only on an SNaN; both on unsupported encodings.</summary>
public readonly partial struct Float80
{
    public static X87Relation Compare(Float80 a, Float80 b, bool unorderedQuiet, ref X87Flags flags)
    {
        X87Class ca = a.Classify();
        X87Class cb = b.Classify();
        if (ca == X87Class.Unsupported || cb == X87Class.Unsupported
            || ca == X87Class.SignalingNaN || cb == X87Class.SignalingNaN)
        {
            flags |= X87Flags.Invalid;
            return X87Relation.Unordered;
        }

        if (ca == X87Class.QuietNaN || cb == X87Class.QuietNaN)
        {
            if (!unorderedQuiet)
            {
                flags |= X87Flags.Invalid;
            }

            return X87Relation.Unordered;
        }

        NoteDenormal(a, ref flags);
        NoteDenormal(b, ref flags);
        int order = CompareMagnitudeSigned(a, b);
        return order < 0 ? X87Relation.Less : order > 0 ? X87Relation.Greater : X87Relation.Equal;
    }

    /// <summary>Orders two ordered (non-NaN, supported) values; zeros of either sign are equal.</summary>
    private static int CompareMagnitudeSigned(Float80 a, Float80 b)
    {
        bool za = a.Classify() == X87Class.Zero;
        bool zb = b.Classify() == X87Class.Zero;
        if (za && zb)
        {
            return 0;
        }

        int magnitude = CompareMagnitude(a, b, za, zb);
        if (a.Sign != b.Sign)
        {
            return za ? (b.Sign ? 1 : -1) : (a.Sign ? -1 : 1);
        }

        return a.Sign ? -magnitude : magnitude;
    }

    private static int CompareMagnitude(Float80 a, Float80 b, bool za, bool zb)
    {
        if (za || zb)
        {
            return za ? -1 : 1;
        }

        if (a.Classify() == X87Class.Infinity || b.Classify() == X87Class.Infinity)
        {
            bool ia = a.Classify() == X87Class.Infinity;
            bool ib = b.Classify() == X87Class.Infinity;
            return ia == ib ? 0 : ia ? 1 : -1;
        }

        a.Normalize(out _, out int ea, out ulong sa);
        b.Normalize(out _, out int eb, out ulong sb);
        if (ea != eb)
        {
            return ea < eb ? -1 : 1;
        }

        return sa.CompareTo(sb);
    }
}
