namespace Emu.Core.Cpu.Model;

/// <summary>
/// What a CPU model answers to CPUID (QEMU 7.2's <c>X86CPUDefinition</c>, target/i386/cpu.c): the
/// vendor, family/model/stepping, the highest basic and extended leaves, the model string of
/// leaves 80000002h-80000004h, and the feature words. <see cref="Features"/> is what the guest sees,
/// so it holds only bits Emu implements (<see cref="CpuModels.Implemented"/>).
/// </summary>
public sealed record CpuModel
{
    public required string Name { get; init; }

    /// <summary>The 12-character vendor string of leaf 0 (EBX, EDX, ECX).</summary>
    public string Vendor { get; init; } = "GenuineIntel";

    public required int Family { get; init; }

    public required int ModelNumber { get; init; }

    public required int Stepping { get; init; }

    /// <summary>Highest basic leaf (CPUID.0:EAX).</summary>
    public required uint Level { get; init; }

    /// <summary>Highest extended leaf (CPUID.80000000h:EAX), or 0 when the model has none.</summary>
    public uint XLevel { get; init; }

    /// <summary>The processor brand string of leaves 80000002h-80000004h (48 bytes, zero-padded).</summary>
    public string ModelId { get; init; } = "";

    public required CpuFeatures Features { get; init; }

    /// <summary>
    /// CPUID.1:EAX, the version information (SDM Vol. 2A, CPUID Figure 3-6): family above 0Fh goes to
    /// the extended family field, model bits 4-7 to the extended model field.
    /// </summary>
    public uint Signature
    {
        get
        {
            uint eax = Family > 0x0F ? 0xF00u | ((uint)(Family - 0x0F) << 20) : (uint)Family << 8;
            eax |= ((uint)ModelNumber & 0xF) << 4 | ((uint)ModelNumber >> 4) << 16;
            return eax | (uint)Stepping;
        }
    }

    public bool Has(CpuidWord word, int bit) => Features.Has(word, bit);

    /// <summary>CPUID.01H:EDX bit <paramref name="bit"/>.</summary>
    public bool HasEdx(int bit) => Features.Has(CpuidWord.Leaf1Edx, bit);
}
