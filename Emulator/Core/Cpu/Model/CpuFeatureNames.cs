namespace Emu.Core.Cpu.Model;

/// <summary>
/// QEMU 7.2's names for the feature bits of the four CPUID feature words (target/i386/cpu.c,
/// <c>feature_word_info</c>), as <c>-cpu MODEL,+name,-name,name=on</c> spells them, with QEMU's
/// aliases (<c>sse3</c> for <c>pni</c>, <c>sse4_1</c> for <c>sse4.1</c>, ...; an underscore reads as a dash).
/// </summary>
public static class CpuFeatureNames
{
    private static readonly string?[] Leaf1Edx =
    [
        "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", null, "sep", "mtrr", "pge", "mca", "cmov",
        "pat", "pse36", "pn", "clflush", null, "ds", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
    ];

    private static readonly string?[] Leaf1Ecx =
    [
        "pni", "pclmulqdq", "dtes64", "monitor", "ds-cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", null, "fma", "cx16",
        "xtpr", "pdcm", null, "pcid", "dca", "sse4.1", "sse4.2", "x2apic", "movbe", "popcnt", "tsc-deadline", "aes", "xsave",
        null, "avx", "f16c", "rdrand", "hypervisor",
    ];

    private static readonly string?[] Ext1Edx =
    [
        null, null, null, null, null, null, null, null, null, null, null, "syscall", null, null, null, null,
        null, null, null, null, "nx", null, "mmxext", null, null, "fxsr-opt", "pdpe1gb", "rdtscp", null, "lm", "3dnowext", "3dnow",
    ];

    private static readonly string?[] Ext1Ecx =
    [
        "lahf-lm", "cmp-legacy", "svm", "extapic", "cr8legacy", "abm", "sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs",
        "xop", "skinit", "wdt", null, "lwp", "fma4", "tce", null, "nodeid-msr", null, "tbm", "topoext", "perfctr-core",
        "perfctr-nb", null, null, null, null, null, null, null,
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["sse3"] = "pni",
        ["pclmuldq"] = "pclmulqdq",
        ["sse4-1"] = "sse4.1",
        ["sse4-2"] = "sse4.2",
        ["xd"] = "nx",
        ["ffxsr"] = "fxsr-opt",
        ["i64"] = "lm",
    };

    /// <summary>Finds a feature by any of QEMU's spellings.</summary>
    public static bool TryFind(string name, out CpuidWord word, out int bit)
    {
        string canonical = name.Replace('_', '-');
        if (Aliases.TryGetValue(canonical, out string? target))
        {
            canonical = target;
        }

        foreach (CpuidWord w in Enum.GetValues<CpuidWord>())
        {
            int k = Array.IndexOf(Table(w), canonical);
            if (k >= 0)
            {
                word = w;
                bit = k;
                return true;
            }
        }

        word = default;
        bit = -1;
        return false;
    }

    /// <summary>QEMU's name of a bit, or null for a bit it does not name.</summary>
    public static string? NameOf(CpuidWord word, int bit) => Table(word)[bit];

    /// <summary>QEMU's spelling of the register in its warnings: <c>CPUID.01H:EDX</c>, <c>CPUID.80000001H:ECX</c>.</summary>
    public static string RegisterText(CpuidWord word) => word switch
    {
        CpuidWord.Leaf1Edx => "CPUID.01H:EDX",
        CpuidWord.Leaf1Ecx => "CPUID.01H:ECX",
        CpuidWord.Ext1Edx => "CPUID.80000001H:EDX",
        _ => "CPUID.80000001H:ECX",
    };

    private static string?[] Table(CpuidWord word) => word switch
    {
        CpuidWord.Leaf1Edx => Leaf1Edx,
        CpuidWord.Leaf1Ecx => Leaf1Ecx,
        CpuidWord.Ext1Edx => Ext1Edx,
        _ => Ext1Ecx,
    };
}
