namespace Emu.Core.Tests.Cpu.X87;

/// <summary>
/// x87 instructions through the CPU: 80-bit registers under the control word's precision and rounding,
/// stack faults with their masked responses, C1, the tag word, FSAVE images and #MF (SDM Vol. 1 ch. 8).
/// The arithmetic itself is checked against this machine's x87 by <see cref="Float80Tests"/>.
/// </summary>
public sealed class X87InstructionTests
{
    private const ushort Invalid = 0x01;
    private const ushort ZeroDivide = 0x04;
    private const ushort Precision = 0x20;
    private const ushort StackFault = 0x40;
    private const ushort C1 = 0x200;

    [Theory]
    [InlineData(0x037F, 0xAAAA_AAAA_AAAA_AAABUL, C1)] // 64 bits, nearest: rounded up
    [InlineData(0x077F, 0xAAAA_AAAA_AAAA_AAAAUL, 0)] // 64 bits, down
    [InlineData(0x027F, 0xAAAA_AAAA_AAAA_A800UL, 0)] // 53 bits, nearest
    [InlineData(0x007F, 0xAAAA_AB00_0000_0000UL, C1)] // 24 bits, nearest: rounded up
    public void Division_RoundsToThePrecisionAndRoundingControl(ushort cw, ulong significand, ushort c1)
    {
        TestMachine m = new(
            $"""
                fninit
                fldcw [cw]
                fld1
                fdiv dword [three]
                fnstsw [0x610]
                fstp tword [0x600]
                hlt
            cw: dw 0x{cw:X4}
            three: dd 3.0
            """);
        m.RunToHalt();
        Assert.Equal(significand, Significand(m, 0x600));
        Assert.Equal(0x3FFD, m.Memory.Read16(0x608));
        ushort sw = m.Memory.Read16(0x610);
        Assert.Equal(Precision, sw & 0x3F);
        Assert.Equal(c1, sw & C1);
    }

    [Theory]
    [InlineData(0x037F, 2)] // nearest even
    [InlineData(0x077F, 2)] // down
    [InlineData(0x0B7F, 3)] // up
    [InlineData(0x0F7F, 2)] // toward zero
    public void IntegerStore_RoundsByTheRoundingControl(ushort cw, short expected)
    {
        TestMachine m = new(
            $"""
                fninit
                fldcw [cw]
                fld dword [v]
                fistp word [0x600]
                hlt
            cw: dw 0x{cw:X4}
            v:  dd 2.5
            """);
        m.RunToHalt();
        Assert.Equal(expected, (short)m.Memory.Read16(0x600));
    }

    [Fact]
    public void NinthPush_OverflowsTheStack_AndLoadsTheIndefinite()
    {
        TestMachine m = new(
            """
                fninit
                mov cx, 9
            again:
                fld1
                loop again
                fnstsw [0x610]
                fstp tword [0x600]
                hlt
            """);
        m.RunToHalt();
        Assert.Equal(0xC000_0000_0000_0000UL, Significand(m, 0x600));
        Assert.Equal(0xFFFF, m.Memory.Read16(0x608));
        ushort sw = m.Memory.Read16(0x610);
        Assert.Equal(Invalid | StackFault | C1, sw & (0x3F | StackFault | C1));
        Assert.Equal(0, sw & 0x80); // masked: no error summary
    }

    [Fact]
    public void EmptyOperand_UnderflowsTheStack_CompareSaysUnordered()
    {
        TestMachine m = new(
            """
                fninit
                fld1
                fcom st1
                fnstsw ax
                hlt
            """);
        m.RunToHalt();
        Assert.Equal(Invalid | StackFault | 0x4500, (int)(m.Cpu.EAX & (0x3F | StackFault | C1 | 0x4500)));
    }

    [Fact]
    public void Fucom_IsQuietOnAQNaN_FcomIsNot()
    {
        TestMachine m = new(
            """
                fninit
                fld dword [nan]
                fld1
                fucom st1
                fnstsw [0x600]
                fcom st1
                fnstsw [0x602]
                hlt
            nan: dd 0x7FC00000
            """);
        m.RunToHalt();
        Assert.Equal(0x4500, m.Memory.Read16(0x600) & 0x453F);
        Assert.Equal(0x4500 | Invalid, m.Memory.Read16(0x602) & 0x453F);
    }

    [Fact]
    public void Fnstenv_StoresTheTagsTheValuesImply()
    {
        TestMachine m = new(
            """
                fninit
                fld1
                fldz
                fld dword [inf]
                fnstenv [0x600]
                hlt
            inf: dd 0x7F800000
            """);
        m.RunToHalt();

        // TOP = 5: R5 infinity (special), R6 zero, R7 valid, R0-R4 empty (SDM Vol. 1 Figure 8-7).
        Assert.Equal(0x1BFF, m.Memory.Read16(0x604));
        Assert.Equal(5, (m.Memory.Read16(0x602) >> 11) & 7);
    }

    [Fact]
    public void FsaveAndFrstor_KeepAll80Bits()
    {
        TestMachine m = new(
            """
                fninit
                fld tword [x]
                fnsave [0x700]
                fld1                 ; FNSAVE initialised the FPU: this is the only value
                fstp st0
                frstor [0x700]
                fstp tword [0x600]
                hlt
            x:  dq 0x8000000000000001
                dw 0xC123
            """);
        m.RunToHalt();
        Assert.Equal(0x8000_0000_0000_0001UL, Significand(m, 0x600));
        Assert.Equal(0xC123, m.Memory.Read16(0x608));
        Assert.Equal(0x8000_0000_0000_0001UL, Significand(m, 0x700 + 14));
    }

    [Fact]
    public void UnmaskedZeroDivide_KeepsTheDestination_AndTheNextWaitRaisesMf()
    {
        TestMachine m = new(
            """
                mov eax, cr0
                or eax, 0x20         ; CR0.NE: x87 errors by #MF
                mov cr0, eax
                fninit
                fldcw [cw]
                fld1
                fldz
                fdivp st1, st0       ; ST(1) = 1 / 0
                fnstsw [0x610]
                fwait                ; #MF here
                fstp tword [0x600]
                hlt
            cw: dw 0x037B            ; ZE unmasked
                times 0x100-($-$$) nop
            mf: inc dx
                fnclex
                iret
            """);
        m.SetVector(16, (ushort)(TestMachine.Origin + 0x100));
        m.Cpu.EDX = 0;
        m.RunToHalt();
        Assert.Equal(1u, m.Cpu.EDX & 0xFFFF);
        ushort sw = m.Memory.Read16(0x610);
        Assert.Equal(ZeroDivide | 0x8080, sw & (0x3F | 0x8080));
        Assert.Equal(6, (sw >> 11) & 7); // no pop
        Assert.Equal(0UL, Significand(m, 0x600)); // ST(0) is still the zero
    }

    [Fact]
    public void Fcomi_SetsEflags_FcmovReadsThem_FxamClassifies()
    {
        TestMachine m = new(
            """
                fninit
                fld1
                fldz
                fcomi st0, st1       ; 0 < 1: CF = 1, ZF = PF = 0
                pushf
                pop word [0x600]
                fcmovb st0, st1      ; taken: ST(0) = 1
                fxam                 ; positive normal: C2
                fnstsw [0x602]
                fchs
                fucomip st0, st1     ; -1 < 1, and pops
                fxam                 ; ST(0) = 1
                fnstsw [0x604]
                fld dword [nan]
                fucomi st0, st1      ; unordered: ZF = PF = CF = 1, no invalid for a QNaN
                pushf
                pop word [0x606]
                fnstsw [0x608]
                fcomi st0, st1       ; FCOMI: invalid for any NaN
                fnstsw [0x60A]
                fninit
                fxam                 ; empty: C3 and C0
                fnstsw [0x60C]
                hlt
            nan: dd 0xFFC00000
            """);
        m.RunToHalt();
        Assert.Equal(0x01, m.Memory.Read16(0x600) & 0x8D5); // CF; ZF, PF, OF, SF, AF clear
        Assert.Equal(0x0400, m.Memory.Read16(0x602) & 0x4700);
        Assert.Equal(0x0400, m.Memory.Read16(0x604) & 0x4700);
        Assert.Equal(7, (m.Memory.Read16(0x604) >> 11) & 7);
        Assert.Equal(0x45, m.Memory.Read16(0x606) & 0x8D5);
        Assert.Equal(0, m.Memory.Read16(0x608) & Invalid);
        Assert.Equal(Invalid, m.Memory.Read16(0x60A) & Invalid);
        Assert.Equal(0x4100, m.Memory.Read16(0x60C) & 0x4500);
    }

    private static ulong Significand(TestMachine m, uint at) => m.Memory.Read32(at) | ((ulong)m.Memory.Read32(at + 4) << 32);
}
