namespace Emu.Core.Cpu.Model;

/// <summary>The CPUID registers that hold feature bits, as QEMU 7.2 names them in its warnings (<c>CPUID.01H:EDX</c>).</summary>
public enum CpuidWord
{
    /// <summary>CPUID.01H:EDX (SDM Vol. 2A, CPUID Table 3-11).</summary>
    Leaf1Edx,

    /// <summary>CPUID.01H:ECX (SDM Vol. 2A, CPUID Table 3-10).</summary>
    Leaf1Ecx,

    /// <summary>CPUID.80000001H:EDX.</summary>
    Ext1Edx,

    /// <summary>CPUID.80000001H:ECX.</summary>
    Ext1Ecx,
}
