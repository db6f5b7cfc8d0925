using Emu.Core.Cpu;

namespace Emu.Core.Tests.Cpu.X87;

/// <summary>
/// x87 code under the IL tier: compiled blocks call the same x87 handlers as the interpreter, so a loop
/// over the rounding modes with FCOMI/FCMOVcc/FXAM, an unmasked zero-divide taken as #MF at FWAIT (a
/// fault inside a compiled block) and FNSAVE images must leave memory and registers exactly as the
/// interpreter does.
/// </summary>
public sealed class X87IlTierTests
{
    private const uint Results = 0x600;
    private const int ResultBytes = 4 * 112;

    private const string Program =
        """
            mov eax, cr0
            or eax, 0x20         ; CR0.NE: x87 errors by #MF
            mov cr0, eax
            xor dx, dx
            mov si, 0x600
            mov cx, 4
        again:
            fninit
            mov bx, cx
            dec bx
            shl bx, 1
            fldcw [cws + bx]     ; each rounding control in turn
            fld1
            fdiv dword [three]
            fstp tword [si]
            fld1
            fldz
            fcomi st0, st1
            pushf
            pop word [si + 10]
            fcmovb st0, st1
            fxam
            fnstsw [si + 12]
            fstp st0
            fstp st0
            fldcw [cwz]
            fld1
            fldz
            fdivp st1, st0       ; unmasked zero-divide: pending
            fwait                ; #MF here, then again after the handler's FNCLEX
            fnstsw [si + 14]
            fnsave [si + 16]     ; 94 bytes
            add si, 112
            loop again
            hlt
            times 0x200-($-$$) nop
        mf: inc dx
            fnclex
            iret
        cws:   dw 0x0F7F, 0x0B7F, 0x077F, 0x037F
        cwz:   dw 0x037B
        three: dd 3.0
        """;

    [Fact]
    public void X87Loop_WithMfFaults_LeavesTheSameStateUnderBothTiers()
    {
        (byte[] interp, uint interpDx, long interpBlocks) = Run(CpuTier.Interp);
        (byte[] jit, uint jitDx, long jitBlocks) = Run(CpuTier.Jit);

        Assert.Equal(0, interpBlocks);
        Assert.True(jitBlocks > 0, "the IL tier compiled no block");
        Assert.Equal(4u, interpDx); // one #MF per pass
        Assert.Equal(0xAAAA_AAAA_AAAA_AAABUL, BitConverter.ToUInt64(interp, 0)); // 1/3 to nearest
        Assert.Equal(0xAAAA_AAAA_AAAA_AAAAUL, BitConverter.ToUInt64(interp, 3 * 112)); // toward zero
        Assert.Equal(interpDx, jitDx);
        Assert.Equal(interp, jit);
    }

    private static (byte[] Memory, uint Dx, long Blocks) Run(CpuTier tier)
    {
        TestMachine m = new(Program);
        m.Cpu.Tier = tier;
        m.Cpu.JitThreshold = 1;
        m.SetVector(16, (ushort)(TestMachine.Origin + 0x200));
        m.RunToHalt();
        byte[] results = new byte[ResultBytes];
        m.Memory.ReadBlock(Results, results);
        return (results, m.Cpu.EDX & 0xFFFF, m.Cpu.JitStats.BlocksCompiled);
    }
}
