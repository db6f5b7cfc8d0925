using Emu.Core.Cpu.X87;

namespace Emu.Core.Tests.Cpu.X87;

/// <summary>The table of 80-bit edge operands the soft-float tests run every operation over.</summary>
internal static class EdgeOperands
{
    public static readonly Float80[] Values = Build();

    /// <summary>The control words under test: all exceptions masked, each precision (24, 53, 64) by each rounding mode.</summary>
    public static IEnumerable<ushort> ControlWords()
    {
        foreach (int pc in new[] { 0, 2, 3 })
        {
            for (int rc = 0; rc < 4; rc++)
            {
                yield return (ushort)(0x007F | (pc << 8) | (rc << 10));
            }
        }
    }

    private static Float80[] Build()
    {
        List<Float80> list = new()
        {
            new(0, 0), // +0
            new(0x8000_0000_0000_0000, 0x3FFF), // 1
            new(0xC000_0000_0000_0000, 0x3FFF), // 1.5
            new(0xC000_0000_0000_0000, 0x4000), // 3
            new(0xAAAA_AAAA_AAAA_AAAB, 0x3FFD), // ~1/3
            new(0xC90F_DAA2_2168_C235, 0x4000), // pi
            new(0x8000_0000_0000_0001, 0x3FFF), // 1 + ulp
            new(0xFFFF_FFFF_FFFF_FFFF, 0x3FFF), // 2 - ulp
            new(0x8000_0080_0000_0000, 0x3FFF), // halfway for 24 bits, even
            new(0x8000_0180_0000_0000, 0x3FFF), // halfway for 24 bits, odd
            new(0x8000_0000_0000_0400, 0x3FFF), // halfway for 53 bits, even
            new(0x8000_0000_0000_0C00, 0x3FFF), // halfway for 53 bits, odd
            new(0x8000_0000_0000_0000, 0x3FBF), // 2^-64: 1 + this is halfway at 64 bits
            new(0x8000_0000_0000_0000, 0x3FC0), // 2^-63
            new(0xFFFF_FFFF_FFFF_FFFF, 0x7FFE), // largest
            new(0x8000_0000_0000_0000, 0x7FFE), // 2^16383
            new(0x8000_0000_0000_0000, 0x0001), // smallest normal
            new(0xC000_0000_0000_0001, 0x0001),
            new(0x8000_0000_0000_0000, 0x3FFE - 16000 + 1), // tiny, squares underflow
            new(0x8000_0000_0000_0000, 0x3FFF + 16000), // huge, squares overflow
            new(0x0000_0000_0000_0001, 0x0000), // smallest denormal
            new(0x7FFF_FFFF_FFFF_FFFF, 0x0000), // largest denormal
            new(0x4000_0000_0000_0000, 0x0000),
            new(0x8000_0000_0000_0000, 0x0000), // pseudo-denormal
            new(0x8000_0000_0000_0000, 0x7FFF), // infinity
            new(0xC000_0000_0000_0000, 0x7FFF), // QNaN
            new(0xC000_0000_0000_1234, 0x7FFF), // QNaN with a payload
            new(0x8000_0000_0000_0001, 0x7FFF), // SNaN
            new(0xA000_0000_0000_0000, 0x7FFF), // SNaN, larger payload
            new(0xC000_0000_0000_0000, 0xFFFF), // the real indefinite
            new(0x4000_0000_0000_0000, 0x3FFF), // unnormal
            new(0x0000_0000_0000_0000, 0x7FFF), // pseudo-infinity
            new(0x4000_0000_0000_0000, 0x7FFF), // pseudo-NaN
            new(0x8000_0000_0000_0000, 0x403E), // 2^63
            new(0xFFFF_FFFF_FFFF_FFFF, 0x403D), // 2^63 - 1 ... in extended
            new(0x8000_0000_0000_0000, 0x400E), // 32768
            new(0x8000_0000_0000_0000, 0x401E), // 2^31
            new(0xC000_0000_0000_0000, 0x3FFE), // 0.75
            new(0x8000_0000_0000_0000, 0x3FFE), // 0.5
            new(0xFFFF_FF80_0000_0000, 0x407E), // near the single maximum
            new(0xFFFF_FFFF_FFFF_F800, 0x43FE), // near the double maximum
            new(0x8000_0000_0000_0000, 0x3F81), // single's smallest normal
            new(0xC000_0000_0000_0000, 0x3F6A), // single denormal range
            new(0x8000_0000_0000_0000, 0x3C01), // double's smallest normal
            new(0xA000_0000_0000_0001, 0x3BCE), // double denormal range, inexact
            new(0xFFFF_FFFF_FFFF_FFFF, 0x3F80), // rounds up to single's smallest normal
            new(0xFFFF_FFFF_FFFF_FFFF, 0x3C00), // rounds up to double's smallest normal
        };

        Random random = new(15);
        for (int k = 0; k < 8; k++)
        {
            ulong mant = (ulong)random.NextInt64() | 0x8000_0000_0000_0000;
            ushort exp = (ushort)(0x3FFF + random.Next(-70, 70));
            list.Add(new Float80(mant, exp));
        }

        int count = list.Count;
        for (int k = 0; k < count; k++)
        {
            list.Add(list[k].Negate());
        }

        return list.ToArray();
    }
}
