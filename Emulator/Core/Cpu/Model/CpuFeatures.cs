namespace Emu.Core.Cpu.Model;

/// <summary>
/// The four feature words of a CPU model (CPUID.01H:EDX, 01H:ECX, 80000001H:EDX, 80000001H:ECX),
/// as one value that can be masked and compared.
/// </summary>
public readonly record struct CpuFeatures(uint Leaf1Edx, uint Leaf1Ecx, uint Ext1Edx, uint Ext1Ecx)
{
    public uint this[CpuidWord word] => word switch
    {
        CpuidWord.Leaf1Edx => Leaf1Edx,
        CpuidWord.Leaf1Ecx => Leaf1Ecx,
        CpuidWord.Ext1Edx => Ext1Edx,
        _ => Ext1Ecx,
    };

    public bool Has(CpuidWord word, int bit) => (this[word] & (1u << bit)) != 0;

    public CpuFeatures With(CpuidWord word, int bit, bool on)
    {
        uint mask = 1u << bit;
        uint Set(CpuidWord w, uint v) => w != word ? v : on ? v | mask : v & ~mask;
        return new CpuFeatures(Set(CpuidWord.Leaf1Edx, Leaf1Edx), Set(CpuidWord.Leaf1Ecx, Leaf1Ecx),
            Set(CpuidWord.Ext1Edx, Ext1Edx), Set(CpuidWord.Ext1Ecx, Ext1Ecx));
    }

    public static CpuFeatures operator &(CpuFeatures a, CpuFeatures b) =>
        new(a.Leaf1Edx & b.Leaf1Edx, a.Leaf1Ecx & b.Leaf1Ecx, a.Ext1Edx & b.Ext1Edx, a.Ext1Ecx & b.Ext1Ecx);

    public static CpuFeatures operator ~(CpuFeatures a) => new(~a.Leaf1Edx, ~a.Leaf1Ecx, ~a.Ext1Edx, ~a.Ext1Ecx);
}
