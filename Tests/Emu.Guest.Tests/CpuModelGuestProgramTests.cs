using Emu.Core.Cpu.Model;

namespace Emu.Guest.Tests;

/// <summary>
/// firmware/tests/cpuid.asm under each <c>-cpu</c> model, side by side with qemu-system-i386: the CPUID
/// dump (every leaf up to both maxima and one beyond) and the checks of what each feature bit promises
/// (SYSENTER/SYSEXIT, PAT, the MTRRs, MCA, MCE, DE, CLFLUSH, the TSC).
/// </summary>
public sealed class CpuModelGuestProgramTests
{
    /// <summary>
    /// Checks whose result on QEMU 7.2's TCG differs from the SDM, which Emu follows; Emu must pass each
    /// one QEMU's run reaches, and only these lines are left out of the comparison.
    /// <list type="bullet">
    /// <item>The TSC (SDM Vol. 3 17.17: RDMSR and WRMSR treat the time-stamp counter as MSR 10h, and a
    /// write sets the counter RDTSC reads). QEMU's helper_wrmsr and helper_rdmsr
    /// (target/i386/tcg/sysemu/misc_helper.c) have no case for MSR 10h: their default cases drop the
    /// write and read 0 (<c>tsc-msr-is-rdtsc</c>). Its helper_rdtsc (target/i386/tcg/misc_helper.c)
    /// returns cpu_get_tsc() + tsc_offset, where cpu_get_tsc (hw/i386/x86.c) is
    /// cpus_get_elapsed_ticks(), the host's cycle counter since the VM started (cpu_get_ticks,
    /// softmmu/cpu-timers.c), and tsc_offset changes only in SVM's VMRUN (helper_vmrun): RDTSC after the
    /// write reads host time, a different value each run (<c>tsc-write-low-half</c>, and
    /// <c>tsc-write-high-half</c>, where a model that takes all 64 bits must read back the high half written).</item>
    /// <item>IA32_APIC_BASE on a CPU without an APIC: QEMU reads 0, the SDM (Vol. 4 2.1) says an MSR the
    /// CPU lacks raises #GP.</item>
    /// <item>MTRR values with reserved bits or invalid types: QEMU stores them, the SDM (Vol. 3 11.11.2)
    /// says #GP.</item>
    /// </list>
    /// </summary>
    private static readonly string[] QemuDiffersFromTheSdm =
    [
        "tsc-write-low-half", "tsc-write-high-half", "tsc-msr-is-rdtsc", "apic-base-gp-without-apic", "mtrr-def-type-reserved-gp",
        "mtrr-phys-base-type-gp", "mtrr-fix-type-gp",
    ];

    /// <summary>
    /// Emu's model equals QEMU's with the same -cpu once QEMU is told to drop the bits Emu lacks (-apic,
    /// -pae, -mmx, ... by QEMU's names): every leaf, the model string, and every check.
    /// </summary>
    [Theory]
    [InlineData("qemu32")]
    [InlineData("qemu32,+nx")]
    [InlineData("pentium")]
    [InlineData("pentium2")]
    [InlineData("pentium3")]
    [InlineData("coreduo")]
    [InlineData("n270")]
    public void CpuidAndTheFeaturesItPromisesMatchQemuLessWhatEmuLacks(string cpu)
    {
        using TempDirectory dir = new();
        string emu = GuestProgramTests.Boot("cpuid", dir, null, "-cpu", cpu);
        string qemu = GuestProgramTests.RunOnQemu("cpuid", "-cpu", cpu + WhatEmuLacks(cpu));

        GuestProgramTests.AssertPasses(emu, QemuDiffersFromTheSdm.Where(name => Ran(qemu, name)).ToArray());
        Assert.Equal(Comparable(qemu), Comparable(emu));
    }

    /// <summary>
    /// The default model is QEMU's default (qemu32) but for the bits Emu does not implement yet: PAE
    /// (PAE paging), APIC (no local APIC), MMX, FXSR, SSE, SSE2 in CPUID.01H:EDX and SSE3 in ECX.
    /// Everything else in every leaf is QEMU's.
    /// </summary>
    [Fact]
    public void TheDefaultModelIsQemusLessPaeApicAndTheVectorExtensions()
    {
        using TempDirectory dir = new();
        string[] emu = Lines(GuestProgramTests.Boot("cpuid", dir, null));
        string[] qemu = Lines(GuestProgramTests.RunOnQemu("cpuid"));

        const uint lackingEdx = (1u << CpuModels.Pae) | (1u << CpuModels.Apic) | (1u << CpuModels.Mmx) | (1u << CpuModels.Fxsr)
            | (1u << CpuModels.Sse) | (1u << CpuModels.Sse2);
        const uint lackingEcx = 1u; // SSE3 (QEMU's "pni")
        string[] qemuLeaf1 = Array.Find(qemu, l => l.StartsWith("CPUID 00000001.", StringComparison.Ordinal))!.Split(' ');
        uint ecx = Convert.ToUInt32(qemuLeaf1[4], 16) & ~lackingEcx;
        uint edx = Convert.ToUInt32(qemuLeaf1[5], 16) & ~lackingEdx;
        string expectedLeaf1 = $"{qemuLeaf1[0]} {qemuLeaf1[1]} {qemuLeaf1[2]} {qemuLeaf1[3]} {ecx:X8} {edx:X8}";

        Assert.Contains(expectedLeaf1, emu);
        Assert.Equal(qemu.Where(l => l.StartsWith("CPUID ", StringComparison.Ordinal) && !l.StartsWith("CPUID 00000001.", StringComparison.Ordinal)),
            emu.Where(l => l.StartsWith("CPUID ", StringComparison.Ordinal) && !l.StartsWith("CPUID 00000001.", StringComparison.Ordinal)));
        Assert.Contains("CPUID 80000002.00000000 554D4551 72695620 6C617574 55504320", emu); // "QEMU Virtual CPU"
    }

    /// <summary>
    /// The SYSENTER/SYSEXIT counters count the transfers that complete: cpuid.asm makes one of each
    /// (ring 0 to ring 3 and back) when SEP is advertised, and its SYSENTER with IA32_SYSENTER_CS = 0,
    /// SYSEXIT with it 0 and SYSEXIT at CPL 3 fault (#GP) and are not counted; without SEP every one is #UD.
    /// </summary>
    [Theory]
    [InlineData("qemu32", 1)]
    [InlineData("qemu32,-sep", 0)]
    [InlineData("pentium", 0)]
    public void TheSysenterCountersCountOnlyCompletedTransfers(string cpu, long expected)
    {
        using TempDirectory dir = new();
        long sysenters = -1, sysexits = -1;
        string report = GuestProgramTests.BootAndInspect("cpuid", dir, pc =>
        {
            sysenters = pc.Machine.Cpu.SysenterCount;
            sysexits = pc.Machine.Cpu.SysexitCount;
        }, "-cpu", cpu);

        GuestProgramTests.AssertPasses(report);
        Assert.Equal(expected == 1, report.Contains("PASS sysenter-cs\n", StringComparison.Ordinal));
        Assert.Equal(expected, sysenters);
        Assert.Equal(expected, sysexits);
    }

    /// <summary>QEMU's feature switches that turn off the bits of its model Emu does not implement.</summary>
    private static string WhatEmuLacks(string cpu)
    {
        CpuModel qemu = CpuModels.FindQemu(cpu.Split(',')[0])!;
        CpuFeatures lacking = qemu.Features & ~CpuModels.Implemented;
        System.Text.StringBuilder minus = new();
        foreach (CpuidWord word in Enum.GetValues<CpuidWord>())
        {
            for (int bit = 0; bit < 32; bit++)
            {
                if (lacking.Has(word, bit))
                {
                    minus.Append(",-").Append(CpuFeatureNames.NameOf(word, bit));
                }
            }
        }

        // Asked-for features Emu lacks stay off in Emu (with a warning): the same on QEMU's side.
        foreach (string part in cpu.Split(',').Skip(1).Where(p => p.StartsWith('+')))
        {
            if (CpuFeatureNames.TryFind(part[1..], out CpuidWord word, out int bit) && !CpuModels.Implemented.Has(word, bit))
            {
                minus.Append(",-").Append(part[1..]);
            }
        }

        return minus.ToString();
    }

    private static string[] Lines(string report) => report.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether the report has the check's line: a check runs only when its feature bit is set.</summary>
    private static bool Ran(string report, string check) => Lines(report).Any(l => l == $"PASS {check}" || l == $"FAIL {check}");

    private static string[] Comparable(string report) =>
        Lines(report).Where(l => !QemuDiffersFromTheSdm.Any(name => l == $"PASS {name}" || l == $"FAIL {name}")).ToArray();
}
