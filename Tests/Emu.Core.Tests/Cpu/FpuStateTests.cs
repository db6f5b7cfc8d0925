namespace Emu.Core.Tests.Cpu;

/// <summary>FNSAVE/FRSTOR and FNSTENV/FLDENV images (SDM Vol. 1 8.1.10).</summary>
public sealed class FpuStateTests
{
    [Fact]
    public void FnsaveStoresTheImageAndReinitialises_FrstorBringsItBack()
    {
        TestMachine m = new(
            """
                fld1
                fldpi
                fnsave [0x3000]
                fnstcw [0x3200]
                fnstsw [0x3202]
                frstor [0x3000]
                fstp qword [0x3100]
                fstp qword [0x3108]
                hlt
            """);
        m.RunToHalt();

        // 16-bit real-mode image: FCW, FSW (TOP = 6), FTW (registers 6 and 7 valid, the rest empty).
        Assert.Equal((ushort)0x037F, m.Memory.Read16(0x3000));
        Assert.Equal(6, (m.Memory.Read16(0x3002) >> 11) & 7);
        Assert.Equal((ushort)0x0FFF, m.Memory.Read16(0x3004));

        // ST(0) = pi as an 80-bit value at offset 14: mantissa C90FDAA22168C235 (rounded from double), exponent 4000h.
        Assert.Equal((ushort)0x4000, m.Memory.Read16(0x3000 + 14 + 8));
        Assert.Equal(0xC90F_DAA2u, m.Memory.Read32(0x3000 + 14 + 4));

        // After FNSAVE the FPU is initialised.
        Assert.Equal((ushort)0x037F, m.Memory.Read16(0x3200));
        Assert.Equal((ushort)0, m.Memory.Read16(0x3202));

        Assert.Equal(Math.PI, BitConverter.UInt64BitsToDouble(m.Memory.Read32(0x3100) | ((ulong)m.Memory.Read32(0x3104) << 32)));
        Assert.Equal(1.0, BitConverter.UInt64BitsToDouble(m.Memory.Read32(0x3108) | ((ulong)m.Memory.Read32(0x310C) << 32)));
    }

    [Fact]
    public void FnstenvWith32BitOperand_Stores28BytesAndMasksExceptions()
    {
        TestMachine m = new(
            """
                fninit
                mov word [0x3300], 0x0372
                fldcw [0x3300]
                fld1
                o32 fnstenv [0x3000]
                fnstcw [0x3200]
                o32 fldenv [0x3000]
                fnstcw [0x3202]
                hlt
            """);
        m.RunToHalt();
        Assert.Equal(0x0372u, m.Memory.Read32(0x3000));
        Assert.Equal(7u, (m.Memory.Read32(0x3004) >> 11) & 7);
        Assert.Equal(0x3FFFu, m.Memory.Read32(0x3008) & 0xFFFF);
        Assert.Equal((ushort)0x037F, m.Memory.Read16(0x3200));
        Assert.Equal((ushort)0x0372, m.Memory.Read16(0x3202));
    }
}
