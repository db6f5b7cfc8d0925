using Emu.Core.Cpu.X87;

namespace Emu.Core.Tests.Cpu.X87;

/// <summary>
/// Float80 against this machine's x87 (x87ref.c): every operation over the edge-operand table in
/// each precision and rounding mode, results and status flags bit-identical.
/// </summary>
public sealed class Float80Tests
{
    private delegate Float80 Binary(Float80 a, Float80 b, ushort cw, ref X87Flags flags);

    private delegate Float80 Unary(Float80 a, ushort cw, ref X87Flags flags);

    // C1 and the six exception flags; the stack fault (SF) too, which must never appear here.
    private const ushort ArithmeticStatus = 0x027F;

    [Theory]
    [InlineData("add")]
    [InlineData("sub")]
    [InlineData("mul")]
    [InlineData("div")]
    public void BinaryOperationsMatchTheHost(string name)
    {
        Binary op = name switch
        {
            "add" => Float80.Add,
            "sub" => Float80.Sub,
            "mul" => Float80.Mul,
            _ => Float80.Div,
        };
        List<HostX87.Op> ops = new();
        foreach (ushort cw in EdgeOperands.ControlWords())
        {
            foreach (Float80 a in EdgeOperands.Values)
            {
                foreach (Float80 b in EdgeOperands.Values)
                {
                    ops.Add(new HostX87.Op(name, cw, a.SignExponent, a.Significand, b.SignExponent, b.Significand));
                }
            }
        }

        AssertSame(ops, o =>
        {
            X87Flags flags = X87Flags.None;
            Float80 r = op(new Float80(o.AMant, o.ASe), new Float80(o.BMant, o.BSe), o.ControlWord, ref flags);
            return new HostX87.Result(r.SignExponent, r.Significand, (ushort)flags);
        }, ArithmeticStatus);
    }

    [Theory]
    [InlineData("sqrt")]
    [InlineData("rndint")]
    public void UnaryOperationsMatchTheHost(string name)
    {
        Unary op = name == "sqrt" ? Float80.Sqrt : Float80.RoundToInteger;
        List<HostX87.Op> ops = UnaryOps(name);

        AssertSame(ops, o =>
        {
            X87Flags flags = X87Flags.None;
            Float80 r = op(new Float80(o.AMant, o.ASe), o.ControlWord, ref flags);
            return new HostX87.Result(r.SignExponent, r.Significand, (ushort)flags);
        }, ArithmeticStatus);
    }

    [Theory]
    [InlineData("com")]
    [InlineData("ucom")]
    public void ComparisonsMatchTheHost(string name)
    {
        List<HostX87.Op> ops = new();
        foreach (Float80 a in EdgeOperands.Values)
        {
            foreach (Float80 b in EdgeOperands.Values)
            {
                ops.Add(new HostX87.Op(name, 0x037F, a.SignExponent, a.Significand, b.SignExponent, b.Significand));
            }
        }

        AssertSame(ops, o =>
        {
            X87Flags flags = X87Flags.None;
            X87Relation r = Float80.Compare(new Float80(o.AMant, o.ASe), new Float80(o.BMant, o.BSe), name == "ucom", ref flags);
            ushort cc = r switch
            {
                X87Relation.Less => 0x0100,
                X87Relation.Equal => 0x4000,
                X87Relation.Unordered => 0x4500,
                _ => 0,
            };
            return new HostX87.Result(0, 0, (ushort)(cc | (ushort)flags));
        }, 0x477F);
    }

    [Theory]
    [InlineData("fist16", 16)]
    [InlineData("fist32", 32)]
    [InlineData("fist64", 64)]
    [InlineData("fst32", 0)]
    [InlineData("fst64", 1)]
    public void StoresMatchTheHost(string name, int kind)
    {
        List<HostX87.Op> ops = UnaryOps(name);

        AssertSame(ops, o =>
        {
            X87Flags flags = X87Flags.None;
            Float80 a = new(o.AMant, o.ASe);
            int rc = Float80.RoundingMode(o.ControlWord);
            ulong bits = kind switch
            {
                0 => Float80.ToSingle(a, rc, ref flags),
                1 => Float80.ToDouble(a, rc, ref flags),
                _ => (ulong)Float80.ToInt(a, kind, rc, ref flags) & (ulong.MaxValue >> (64 - kind)),
            };
            return new HostX87.Result(0, bits, (ushort)flags);
        }, ArithmeticStatus);
    }

    [Theory]
    [InlineData("fld32")]
    [InlineData("fld64")]
    public void LoadsMatchTheHost(string name)
    {
        List<HostX87.Op> ops = new();
        X87Flags ignored = X87Flags.None;
        foreach (Float80 a in EdgeOperands.Values)
        {
            ulong bits = name == "fld32" ? Float80.ToSingle(a, 3, ref ignored) : Float80.ToDouble(a, 3, ref ignored);
            ops.Add(new HostX87.Op(name, 0x037F, 0, bits, 0, 0));
        }

        foreach (ulong bits in new ulong[] { 1, 0x7F800001, 0x7FC00000, 0xFF800000, 0x0040_0000, 0x000F_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0001, 0x7FF8_0000_0000_0000 })
        {
            ops.Add(new HostX87.Op(name, 0x037F, 0, name == "fld32" ? bits & 0xFFFF_FFFF : bits, 0, 0));
        }

        AssertSame(ops, o =>
        {
            X87Flags flags = X87Flags.None;
            Float80 r = name == "fld32" ? Float80.FromSingle((uint)o.AMant, ref flags) : Float80.FromDouble(o.AMant, ref flags);
            return new HostX87.Result(r.SignExponent, r.Significand, (ushort)flags);
        }, ArithmeticStatus);
    }

    [Fact]
    public void ConstantsMatchTheHost()
    {
        List<HostX87.Op> ops = new();
        foreach (ushort cw in EdgeOperands.ControlWords())
        {
            for (uint which = 0; which < 7; which++)
            {
                ops.Add(new HostX87.Op("const", cw, 0, which, 0, 0));
            }
        }

        AssertSame(ops, o =>
        {
            Float80 r = Float80.Constant((int)o.AMant, Float80.RoundingMode(o.ControlWord));
            return new HostX87.Result(r.SignExponent, r.Significand, 0);
        }, ArithmeticStatus);
    }

    [Fact]
    public void IntegerLoadsAreExact()
    {
        Assert.Equal(new Float80(0x8000_0000_0000_0000, 0xC03E), Float80.FromInt64(long.MinValue));
        Assert.Equal(new Float80(0xFFFF_FFFF_FFFF_FFFE, 0x403D), Float80.FromInt64(long.MaxValue));
        Assert.Equal(new Float80(0xC000_0000_0000_0000, 0xC000), Float80.FromInt64(-3));
        Assert.Equal(Float80.Zero, Float80.FromInt64(0));
    }

    /// <summary>Operation <paramref name="name"/> on every unary operand under every precision and rounding mode.</summary>
    private static List<HostX87.Op> UnaryOps(string name)
    {
        List<HostX87.Op> ops = new();
        foreach (ushort cw in EdgeOperands.ControlWords())
        {
            foreach (Float80 a in UnaryOperands())
            {
                ops.Add(new HostX87.Op(name, cw, a.SignExponent, a.Significand, 0, 0));
            }
        }

        return ops;
    }

    private static IEnumerable<Float80> UnaryOperands()
    {
        foreach (Float80 v in EdgeOperands.Values)
        {
            yield return v;
        }

        // Values around integers and halves for FRNDINT and FIST.
        for (int n = -6; n <= 6; n++)
        {
            Float80 whole = Float80.FromInt64(n);
            yield return whole;
            X87Flags f = X87Flags.None;
            yield return Float80.Add(whole, new Float80(0x8000_0000_0000_0000, 0x3FFE), 0x037F, ref f);
            yield return Float80.Add(whole, new Float80(0x8000_0000_0000_0001, 0x3FFE), 0x037F, ref f);
        }

        foreach (long edge in new[] { 32767L, 32768L, -32768L, -32769L, int.MaxValue, int.MinValue, (long)int.MaxValue + 1, long.MaxValue, long.MinValue })
        {
            Float80 e = Float80.FromInt64(edge);
            yield return e;
            X87Flags f = X87Flags.None;
            yield return Float80.Add(e, new Float80(0x8000_0000_0000_0000, 0x3FFE), 0x037F, ref f);
            yield return Float80.Sub(e, new Float80(0x8000_0000_0000_0000, 0x3FFE), 0x037F, ref f);
        }
    }

    private static void AssertSame(List<HostX87.Op> ops, Func<HostX87.Op, HostX87.Result> mine, ushort statusMask)
    {
        HostX87.Result[] expected = HostX87.Run(ops);
        List<string> wrong = new();
        for (int k = 0; k < ops.Count; k++)
        {
            HostX87.Result want = expected[k] with { Status = (ushort)(expected[k].Status & statusMask) };
            HostX87.Result got = mine(ops[k]);
            got = got with { Status = (ushort)(got.Status & statusMask) };
            if (want != got)
            {
                HostX87.Op o = ops[k];
                wrong.Add($"{o.Name} cw={o.ControlWord:X4} a={o.ASe:X4}:{o.AMant:X16} b={o.BSe:X4}:{o.BMant:X16}: host {want.Se:X4}:{want.Mant:X16} sw={want.Status:X4}, mine {got.Se:X4}:{got.Mant:X16} sw={got.Status:X4}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {ops.Count} differ:\n" + string.Join("\n", wrong.Take(25)));
    }
}
