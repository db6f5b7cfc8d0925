namespace Emu.Core.Cpu.Model;

/// <summary>
/// The CPU models of QEMU 7.2's <c>qemu-system-i386</c> that Emu offers, with the feature words
/// QEMU's TCG gives each (read with firmware/tests/cpuid.asm under <c>-cpu NAME</c>), each cut down
/// to <see cref="Implemented"/>: Emu advertises a bit only when it implements what the bit promises.
/// </summary>
public static class CpuModels
{
    /// <summary>CPUID.01H:EDX bits (SDM Vol. 2A, Table 3-11).</summary>
    public const int Fpu = 0, Vme = 1, De = 2, Pse = 3, Tsc = 4, Msr = 5, Pae = 6, Mce = 7, Cx8 = 8, Apic = 9, Sep = 11,
        Mtrr = 12, Pge = 13, Mca = 14, Cmov = 15, Pat = 16, Pse36 = 17, Clflush = 19, Mmx = 23, Fxsr = 24, Sse = 25,
        Sse2 = 26, SelfSnoop = 27;

    /// <summary>CPUID.01H:ECX bit 31: set by a hypervisor (QEMU sets it on every model); nothing to implement.</summary>
    public const int Hypervisor = 31;

    /// <summary>
    /// What Emu implements. CPUID.01H:EDX: the x87, DE (CR4.DE, DR4/DR5), PSE, the TSC, RDMSR/WRMSR,
    /// MCE (CR4.MCE), CMPXCHG8B, SYSENTER/SYSEXIT, the MTRRs, PGE, the MCA banks, CMOV, PAT, CLFLUSH and
    /// SS (self-snoop: an emulator's memory is always coherent). Not: VME (virtual-8086 mode), PAE, the APIC,
    /// PSE-36, MMX, FXSR, SSE, SSE2 and the rest. CPUID.01H:ECX: only the hypervisor bit.
    /// </summary>
    public static readonly CpuFeatures Implemented = new(
        Leaf1Edx: Bits(Fpu, De, Pse, Tsc, Msr, Mce, Cx8, Sep, Mtrr, Pge, Mca, Cmov, Pat, Clflush, SelfSnoop),
        Leaf1Ecx: Bits(Hypervisor),
        Ext1Edx: 0,
        Ext1Ecx: 0);

    /// <summary>QEMU's models as its TCG offers them (before Emu's cut).</summary>
    private static readonly CpuModel[] QemuModels =
    [
        new()
        {
            Name = "qemu32", Family = 6, ModelNumber = 6, Stepping = 3, Level = 4, XLevel = 0x8000_0004,
            ModelId = "QEMU Virtual CPU version 2.5+",
            Features = new(0x0781_ABFD, 0x8000_0001, 0, 0),
        },
        new()
        {
            Name = "pentium", Family = 5, ModelNumber = 4, Stepping = 3, Level = 1,
            Features = new(0x0080_03BD, 0x8000_0000, 0, 0),
        },
        new()
        {
            Name = "pentium2", Family = 6, ModelNumber = 5, Stepping = 2, Level = 2,
            Features = new(0x0183_FBFD, 0x8000_0000, 0, 0),
        },
        new()
        {
            Name = "pentium3", Family = 6, ModelNumber = 7, Stepping = 3, Level = 3,
            Features = new(0x0383_FBFD, 0x8000_0000, 0, 0),
        },
        new()
        {
            Name = "coreduo", Family = 6, ModelNumber = 14, Stepping = 8, Level = 10, XLevel = 0x8000_0008,
            ModelId = "Genuine Intel(R) CPU           T2600  @ 2.16GHz",
            Features = new(0x0FC9_FBFD, 0x8000_0009, 0x0010_0000, 0),
        },
        new()
        {
            Name = "n270", Family = 6, ModelNumber = 28, Stepping = 2, Level = 10, XLevel = 0x8000_0008,
            ModelId = "Intel(R) Atom(TM) CPU N270   @ 1.60GHz",
            Features = new(0x0FC9_FBFD, 0x8040_0209, 0x0010_0000, 1),
        },
    ];

    /// <summary>The names <c>-cpu</c> accepts: each model, and its QEMU version alias NAME-v1.</summary>
    public static IEnumerable<string> Names => QemuModels.Select(m => m.Name);

    /// <summary>QEMU's default for <c>qemu-system-i386</c> (qemu32), less what Emu lacks.</summary>
    public static CpuModel Default { get; } = Find("qemu32")!;

    /// <summary>QEMU's model as its TCG offers it, before Emu's cut (or null for a name QEMU's table lacks here).</summary>
    public static CpuModel? FindQemu(string name)
    {
        string bare = name.EndsWith("-v1", StringComparison.Ordinal) ? name[..^3] : name;
        return Array.Find(QemuModels, m => m.Name == bare);
    }

    /// <summary>The model as Emu offers it: QEMU's bits that Emu implements.</summary>
    public static CpuModel? Find(string name) =>
        FindQemu(name) is { } m ? m with { Features = m.Features & Implemented } : null;

    private static uint Bits(params int[] bits)
    {
        uint v = 0;
        foreach (int b in bits)
        {
            v |= 1u << b;
        }

        return v;
    }
}
