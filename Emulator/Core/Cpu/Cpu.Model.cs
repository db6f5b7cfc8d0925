using Emu.Core.Cpu.Model;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>The CPU model: what CPUID answers, and which of the optional features (MSRs, CR4 bits, instructions) exist.</summary>
public sealed unsafe partial class Cpu
{
    private const uint Cr4Mce = 1u << 6;

    private CpuModel _model = CpuModels.Default;
    private uint _cr4Writable = Cr4WritableFor(CpuModels.Default);

    /// <summary>The model this CPU is (QEMU's <c>-cpu</c>); set before the machine runs (a reset keeps it).</summary>
    public CpuModel Model
    {
        get => _model;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _model = value;
            _cr4Writable = Cr4WritableFor(value);
        }
    }

    /// <summary>CPUID (SDM Vol. 2A): the model's answer for EAX = leaf, ECX = subleaf.</summary>
    private static Flow Cpuid(Cpu c, ref Instruction i, ref Ops o)
    {
        CpuidLeaves.Answer(c._model, c.Reg(0), c.Reg(1), out uint eax, out uint ebx, out uint ecx, out uint edx);
        c.Reg(0) = eax;
        c.Reg(3) = ebx;
        c.Reg(1) = ecx;
        c.Reg(2) = edx;
        return Flow.Next;
    }

    /// <summary>
    /// The CR4 bits a MOV to CR4 may set (SDM Vol. 3 2.5): each exists only with its CPUID bit (TSD with
    /// TSC, DE, PSE, MCE, PGE); the rest (VME, PVI, PAE, PCE, OSFXSR, OSXMMEXCPT) are reserved here and raise #GP(0).
    /// </summary>
    private static uint Cr4WritableFor(CpuModel m) =>
        (m.HasEdx(CpuModels.Tsc) ? Cr4Tsd : 0) | (m.HasEdx(CpuModels.De) ? Cr4De : 0) | (m.HasEdx(CpuModels.Pse) ? Cr4Pse : 0)
        | (m.HasEdx(CpuModels.Mce) ? Cr4Mce : 0) | (m.HasEdx(CpuModels.Pge) ? Cr4Pge : 0);
}
