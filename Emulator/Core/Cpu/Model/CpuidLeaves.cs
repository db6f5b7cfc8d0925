namespace Emu.Core.Cpu.Model;

/// <summary>
/// CPUID's answers for a model, leaf by leaf as QEMU 7.2's TCG gives them for one CPU
/// (target/i386/cpu.c <c>cpu_x86_cpuid</c>; every value read back with firmware/tests/cpuid.asm).
/// A leaf above the highest basic leaf, or an extended leaf above the highest extended leaf, answers
/// as the highest basic leaf (SDM Vol. 2A, CPUID: "If a value entered for CPUID.EAX is higher than
/// the maximum input value ... the data for the highest basic information leaf is returned").
/// </summary>
public static class CpuidLeaves
{
    public static void Answer(CpuModel model, uint leaf, uint subleaf, out uint eax, out uint ebx, out uint ecx, out uint edx)
    {
        // QEMU keeps no Centaur range (xlevel2 = 0): C0000000h and up answer as leaf 0.
        if (leaf >= 0xC000_0000)
        {
            leaf = 0;
        }
        else if (leaf >= 0x8000_0000 ? leaf > model.XLevel : leaf > model.Level)
        {
            leaf = model.Level;
        }

        eax = ebx = ecx = edx = 0;
        switch (leaf)
        {
            case 0:
                eax = model.Level;
                Vendor(model, out ebx, out edx, out ecx);
                break;
            case 1:
                eax = model.Signature;
                ebx = 8 << 8; // CLFLUSH line size in 8-byte units (64 bytes); APIC ID 0; one logical processor
                ecx = model.Features.Leaf1Ecx;
                edx = model.Features.Leaf1Edx;
                break;
            case 2:
                // One descriptor round: 2Ch (32 KiB L1 data), 30h (32 KiB L1 code), 7Dh (2 MiB L2), 4Dh (16 MiB L3).
                eax = 1;
                ecx = 0x0000_004D;
                edx = 0x002C_307D;
                break;
            case 4:
                DeterministicCache(subleaf, out eax, out ebx, out ecx, out edx);
                break;
            case 5:
                ecx = 3; // MONITOR/MWAIT: interrupts as break events, enumeration of extensions
                break;
            case 0x8000_0000:
                eax = model.XLevel;
                Vendor(model, out ebx, out edx, out ecx);
                break;
            case 0x8000_0001:
                eax = model.Signature;
                ecx = model.Features.Ext1Ecx;
                edx = model.Features.Ext1Edx;
                break;
            case 0x8000_0002 or 0x8000_0003 or 0x8000_0004:
                int at = (int)(leaf - 0x8000_0002) * 16;
                eax = BrandWord(model, at);
                ebx = BrandWord(model, at + 4);
                ecx = BrandWord(model, at + 8);
                edx = BrandWord(model, at + 12);
                break;
            case 0x8000_0005:
                // L1 TLBs and caches in AMD's layout, which QEMU gives every vendor.
                eax = ebx = 0x01FF_01FF;
                ecx = edx = 0x4002_0140;
                break;
            case 0x8000_0006:
                ebx = 0x4200_4200;
                ecx = 0x0200_8140;
                edx = 0x0080_8140;
                break;
            case 0x8000_0008:
                eax = 32; // physical address bits (no PSE-36, no PAE offered)
                break;
        }
    }

    /// <summary>Leaf 4: L1 data, L1 code, L2, L3 as QEMU's legacy cache model describes them; then none.</summary>
    private static void DeterministicCache(uint subleaf, out uint eax, out uint ebx, out uint ecx, out uint edx)
    {
        (eax, ebx, ecx, edx) = subleaf switch
        {
            0 => (0x0000_0121u, 0x01C0_003Fu, 0x0000_003Fu, 1u),
            1 => (0x0000_0122u, 0x01C0_003Fu, 0x0000_003Fu, 1u),
            2 => (0x0000_0143u, 0x03C0_003Fu, 0x0000_0FFFu, 1u),
            3 => (0x0000_0163u, 0x03C0_003Fu, 0x0000_3FFFu, 6u),
            _ => (0u, 0u, 0u, 0u),
        };
    }

    private static void Vendor(CpuModel model, out uint ebx, out uint edx, out uint ecx)
    {
        ebx = VendorWord(model.Vendor, 0);
        edx = VendorWord(model.Vendor, 4);
        ecx = VendorWord(model.Vendor, 8);
    }

    private static uint VendorWord(string text, int at) =>
        (uint)text[at] | (uint)text[at + 1] << 8 | (uint)text[at + 2] << 16 | (uint)text[at + 3] << 24;

    private static uint BrandWord(CpuModel model, int at)
    {
        uint v = 0;
        for (int k = 3; k >= 0; k--)
        {
            int i = at + k;
            v = (v << 8) | (i < model.ModelId.Length ? (byte)model.ModelId[i] : 0u);
        }

        return v;
    }
}
