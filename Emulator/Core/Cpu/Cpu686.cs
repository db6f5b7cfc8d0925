using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// Per-<see cref="Code"/> facts of the processor this core models (a P6-class 686 with an x87, no MMX/SSE):
/// which forms it executes at all, and each form's <see cref="InstructionFacts"/>, from Iced's
/// per-form data plus what Iced cannot know (what ends a block here).
/// </summary>
internal static class Cpu686
{
    private static readonly CpuidFeature[] Features =
    [
        CpuidFeature.INTEL8086, CpuidFeature.INTEL186, CpuidFeature.INTEL286, CpuidFeature.INTEL386,
        CpuidFeature.INTEL486, CpuidFeature.CPUID, CpuidFeature.TSC, CpuidFeature.CMOV, CpuidFeature.FPU,
        CpuidFeature.FPU287, CpuidFeature.FPU387, CpuidFeature.MSR, CpuidFeature.CX8,
        CpuidFeature.MULTIBYTENOP, CpuidFeature.PAUSE,

        // Decoded always; their handlers raise #UD unless the CPU model advertises them (CPUID.01H:EDX SEP, CLFSH).
        CpuidFeature.SEP, CpuidFeature.CLFSH,
    ];

    /// <summary>True when a 686 executes the legacy-encoded form (others are #UD).</summary>
    public static bool Executes(Code code)
    {
        if (code == Code.INVALID || code.Encoding() != EncodingKind.Legacy)
        {
            return false;
        }

        Mnemonic m = code.Mnemonic();

        // F3 0F BC/BD run as BSF/BSR on CPUs without BMI1/LZCNT (the F3 prefix is ignored).
        if (m == Mnemonic.Tzcnt || m == Mnemonic.Lzcnt)
        {
            return !code.ToString().Contains("64", StringComparison.Ordinal);
        }

        foreach (CpuidFeature f in code.CpuidFeatures())
        {
            if (Array.IndexOf(Features, f) < 0)
            {
                return false;
            }
        }

        return true;
    }

    public static InstructionFacts FactsOf(Code code)
    {
        Instruction probe = default;
        probe.Code = code;
        OpCodeInfo op = code.ToOpCode();
        Mnemonic m = code.Mnemonic();
        FlowControl flow = code.FlowControl();
        InstructionFacts facts = InstructionFacts.None;
        if (EndsBlock(code, m, flow))
        {
            facts |= InstructionFacts.EndsBlock;
        }

        if (probe.RflagsRead != RflagsBits.None)
        {
            facts |= InstructionFacts.ReadsFlags;
        }

        if ((probe.RflagsWritten | probe.RflagsCleared | probe.RflagsSet | probe.RflagsUndefined) != RflagsBits.None)
        {
            facts |= InstructionFacts.WritesFlags;
        }

        if (MayFault(code, op, m, flow))
        {
            facts |= InstructionFacts.MayFault;
        }

        bool far = code.IsJmpFar() || code.IsCallFar() || code.IsJmpFarIndirect() || code.IsCallFarIndirect()
            || m is Mnemonic.Retf or Mnemonic.Iret or Mnemonic.Iretd or Mnemonic.Sysenter or Mnemonic.Sysexit
            || flow == FlowControl.Interrupt;
        if (far)
        {
            facts |= InstructionFacts.TouchesCs | InstructionFacts.TouchesSs;
        }

        if (m == Mnemonic.Lss || code is Code.Popw_SS or Code.Popd_SS || (m == Mnemonic.Mov && HasKind(op, OpCodeOperandKind.seg_reg, 0)))
        {
            facts |= InstructionFacts.TouchesSs;
        }

        if (m is Mnemonic.Cli or Mnemonic.Sti or Mnemonic.Popf or Mnemonic.Popfd or Mnemonic.Iret or Mnemonic.Iretd
            || flow == FlowControl.Interrupt)
        {
            facts |= InstructionFacts.TouchesIf;
        }

        if ((m == Mnemonic.Mov && HasKind(op, OpCodeOperandKind.cr_reg, 0))
            || m is Mnemonic.Lmsw or Mnemonic.Clts or Mnemonic.Lgdt or Mnemonic.Lidt or Mnemonic.Invlpg)
        {
            facts |= InstructionFacts.TouchesCr;
        }

        if (code.IsStringInstruction())
        {
            facts |= InstructionFacts.StringOp;
        }

        if (op.IsSerializingIntel)
        {
            facts |= InstructionFacts.Serialising;
        }

        return facts;
    }

    /// <summary>
    /// Any transfer of control, and anything that changes CS, the decode mode, IF, the interrupt shadow
    /// or the code's translation (style.md §2). MOV SS also ends a block; its row is MOV Sreg, so the
    /// decoder checks the instance (<see cref="Binder.EndsBlock"/>).
    /// </summary>
    private static bool EndsBlock(Code code, Mnemonic m, FlowControl flow) =>
        flow != FlowControl.Next
        || m is Mnemonic.Sti or Mnemonic.Cli or Mnemonic.Popf or Mnemonic.Popfd or Mnemonic.Hlt
            or Mnemonic.Lmsw or Mnemonic.Clts or Mnemonic.Lidt or Mnemonic.Lgdt or Mnemonic.Invlpg
        || m is Mnemonic.Sysenter or Mnemonic.Sysexit
        || code is Code.Mov_cr_r32 or Code.Popw_SS or Code.Popd_SS;

    private static bool MayFault(Code code, OpCodeInfo op, Mnemonic m, FlowControl flow)
    {
        for (int k = 0; k < op.OpCount; k++)
        {
            OpCodeOperandKind kind = op.GetOpKind(k);
            if (kind is OpCodeOperandKind.mem or OpCodeOperandKind.mem_offs or OpCodeOperandKind.r8_or_mem
                or OpCodeOperandKind.r16_or_mem or OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.seg_reg
                or OpCodeOperandKind.seg_rSI or OpCodeOperandKind.es_rDI or OpCodeOperandKind.seg_rDI
                or OpCodeOperandKind.seg_rBX_al)
            {
                return true;
            }
        }

        return code.IsStackInstruction() || op.IsInputOutput || op.IsPrivileged || op.MayRequireCpl0
            || flow is FlowControl.Interrupt or FlowControl.IndirectBranch or FlowControl.IndirectCall or FlowControl.Exception
            || code.IsJmpFar() || code.IsCallFar()
            || m is Mnemonic.Div or Mnemonic.Idiv or Mnemonic.Aam or Mnemonic.Bound or Mnemonic.Cli or Mnemonic.Sti
                or Mnemonic.Lmsw or Mnemonic.Clts or Mnemonic.Cpuid or Mnemonic.Rdtsc or Mnemonic.Rdmsr or Mnemonic.Wrmsr
                or Mnemonic.Lldt or Mnemonic.Ltr or Mnemonic.Sldt or Mnemonic.Str or Mnemonic.Lar or Mnemonic.Lsl
                or Mnemonic.Verr or Mnemonic.Verw or Mnemonic.Arpl or Mnemonic.Wait
                or Mnemonic.Sysenter or Mnemonic.Sysexit or Mnemonic.Clflush
            || m.ToString().StartsWith('F');
    }

    private static bool HasKind(OpCodeInfo op, OpCodeOperandKind kind, int index) =>
        index < op.OpCount && op.GetOpKind(index) == kind;
}
