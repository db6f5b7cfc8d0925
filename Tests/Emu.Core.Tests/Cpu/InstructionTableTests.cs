using Emu.Core.Cpu;
using Iced.Intel;
using CpuCore = Emu.Core.Cpu.Cpu;

namespace Emu.Core.Tests.Cpu;

/// <summary>The instruction table: one row per form a 686 executes, its handlers and its facts.</summary>
public sealed unsafe class InstructionTableTests
{
    /// <summary>
    /// Forms a 686 executes that this core does not implement yet (they raise #UD, as the table says).
    /// Adding a row for one of them means taking it off this list.
    /// </summary>
    private static readonly Code[] NotImplemented =
    [
        Code.DeclareByte,
        Code.DeclareWord,
        Code.DeclareDword,
        Code.DeclareQword,
        Code.F2xm1,
        Code.Fyl2x,
        Code.Fptan,
        Code.Fpatan,
        Code.Fxtract,
        Code.Fprem1,
        Code.Fprem,
        Code.Fyl2xp1,
        Code.Fsincos,
        Code.Fscale,
        Code.Fsin,
        Code.Fcos,
        Code.Fbld_m80bcd,
        Code.Fbstp_m80bcd,
        Code.Ud2,
        Code.Reservednop_rm16_r16_0F0D,
        Code.Reservednop_rm32_r32_0F0D,
        Code.Reservednop_rm64_r64_0F0D,
        Code.Reservednop_rm16_r16_0F18,
        Code.Reservednop_rm32_r32_0F18,
        Code.Reservednop_rm64_r64_0F18,
        Code.Reservednop_rm16_r16_0F19,
        Code.Reservednop_rm32_r32_0F19,
        Code.Reservednop_rm64_r64_0F19,
        Code.Reservednop_rm16_r16_0F1A,
        Code.Reservednop_rm32_r32_0F1A,
        Code.Reservednop_rm64_r64_0F1A,
        Code.Reservednop_rm16_r16_0F1B,
        Code.Reservednop_rm32_r32_0F1B,
        Code.Reservednop_rm64_r64_0F1B,
        Code.Reservednop_rm16_r16_0F1C,
        Code.Reservednop_rm32_r32_0F1C,
        Code.Reservednop_rm64_r64_0F1C,
        Code.Reservednop_rm16_r16_0F1D,
        Code.Reservednop_rm32_r32_0F1D,
        Code.Reservednop_rm64_r64_0F1D,
        Code.Reservednop_rm16_r16_0F1E,
        Code.Reservednop_rm32_r32_0F1E,
        Code.Reservednop_rm64_r64_0F1E,
        Code.Reservednop_rm16_r16_0F1F,
        Code.Reservednop_rm32_r32_0F1F,
        Code.Reservednop_rm64_r64_0F1F,
        Code.Sysexitq,
        Code.Ud1_r16_rm16,
        Code.Ud1_r32_rm32,
        Code.Ud0_r16_rm16,
        Code.Ud0_r32_rm32,
        Code.Ud0,
        Code.Zero_bytes,
    ];

    [Fact]
    public void EveryFormA686Executes_HasARow_ExceptTheListedOnes()
    {
        List<Code> missing = [];
        foreach (Code code in Enum.GetValues<Code>())
        {
            if (Cpu686.Executes(code) && !CpuCore.RowOf(code).Implemented)
            {
                missing.Add(code);
            }
        }

        Assert.Equal(NotImplemented.Order(), missing.Order());
    }

    [Fact]
    public void FormsA686DoesNotExecute_HaveNoHandler()
    {
        Assert.False(CpuCore.RowOf(Code.Syscall).Implemented);
        Assert.False(CpuCore.RowOf(Code.Movd_mm_rm32).Implemented);
        Assert.False(CpuCore.RowOf(Code.Addps_xmm_xmmm128).Implemented);
        Assert.False(CpuCore.RowOf(Code.INVALID).Implemented);
    }

    [Fact]
    public void AnRmForm_HasARegisterAndAMemoryHandler()
    {
        ref readonly InstructionRow add = ref CpuCore.RowOf(Code.Add_rm32_imm8);
        Assert.True(add.Register != null && add.Memory != null);
        Assert.NotEqual((nint)add.Register, (nint)add.Memory);
        ref readonly InstructionRow addAl = ref CpuCore.RowOf(Code.Add_AL_imm8);
        Assert.Equal((nint)addAl.Register, (nint)addAl.Memory);
    }

    // MOV CRn leaves OF/SF/ZF/AF/PF/CF undefined (SDM Vol. 2 MOV—Move to/from Control Registers), which counts as a write.
    [Theory]
    [InlineData(Code.Jne_rel8_32, InstructionFacts.EndsBlock | InstructionFacts.ReadsFlags)]
    [InlineData(Code.Add_rm32_imm8, InstructionFacts.WritesFlags | InstructionFacts.MayFault)]
    [InlineData(Code.Mov_cr_r32, InstructionFacts.EndsBlock | InstructionFacts.TouchesCr | InstructionFacts.WritesFlags | InstructionFacts.MayFault | InstructionFacts.Serialising)]
    [InlineData(Code.Movsb_m8_m8, InstructionFacts.StringOp | InstructionFacts.ReadsFlags | InstructionFacts.MayFault)]
    [InlineData(Code.Cpuid, InstructionFacts.Serialising | InstructionFacts.MayFault)]
    [InlineData(Code.Sti, InstructionFacts.EndsBlock | InstructionFacts.TouchesIf | InstructionFacts.WritesFlags | InstructionFacts.MayFault)]
    [InlineData(Code.Popw_SS, InstructionFacts.EndsBlock | InstructionFacts.TouchesSs | InstructionFacts.MayFault)]
    [InlineData(Code.Iretd, InstructionFacts.EndsBlock | InstructionFacts.TouchesCs | InstructionFacts.TouchesSs | InstructionFacts.TouchesIf | InstructionFacts.WritesFlags | InstructionFacts.MayFault | InstructionFacts.Serialising)]
    [InlineData(Code.Inc_r32, InstructionFacts.WritesFlags)]
    [InlineData(Code.Mov_r32_imm32, InstructionFacts.None)]
    public void Facts_ComeFromTheForm(Code code, InstructionFacts expected) =>
        Assert.Equal(expected, CpuCore.RowOf(code).Facts);

    [Fact]
    public void AFormWithoutAHandler_StillEndsABlockWhereItsFlowDoes()
    {
        Assert.False(CpuCore.RowOf(Code.Ud2).Implemented);
        Assert.True((CpuCore.RowOf(Code.Ud2).Facts & InstructionFacts.EndsBlock) != 0);
    }
}
