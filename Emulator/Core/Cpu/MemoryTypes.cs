namespace Emu.Core.Cpu;

/// <summary>
/// The reserved-bit rules of the memory-type MSRs (SDM Vol. 3 11.11 and 11.12): a write that breaks
/// them raises #GP(0). Physical addresses have 32 bits here (MAXPHYADDR 32: no PAE, no PSE-36).
/// </summary>
internal static class MemoryTypes
{
    /// <summary>Types an MTRR may hold: UC 0, WC 1, WT 4, WP 5, WB 6 (SDM Vol. 3 table 11-8).</summary>
    public static bool ValidMtrrType(ulong type) => type is 0 or 1 or 4 or 5 or 6;

    /// <summary>IA32_PAT (SDM Vol. 3 11.12.2): eight bytes, each a type 0, 1, 4, 5, 6 or 7 (UC-), bits 3-7 reserved.</summary>
    public static bool ValidPat(ulong value)
    {
        for (int k = 0; k < 8; k++)
        {
            ulong type = (value >> (8 * k)) & 0xFF;
            if (type is not (0 or 1 or 4 or 5 or 6 or 7))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// IA32_MTRR_DEF_TYPE (2FFh): type in bits 0-7, FE bit 10, E bit 11, the rest reserved; PHYSBASEn:
    /// type in bits 0-7, base in bits 12-31; PHYSMASKn: valid bit 11, mask in bits 12-31; fixed ranges:
    /// eight valid types (SDM Vol. 3 11.11.2).
    /// </summary>
    public static bool ValidMtrr(uint index, ulong value)
    {
        switch (index)
        {
            case 0x2FF:
                return (value & ~0xCFFul) == 0 && ValidMtrrType(value & 0xFF);
            case >= 0x200 and < 0x210 when (index & 1) == 0:
                return (value & ~0xFFFF_F0FFul) == 0 && ValidMtrrType(value & 0xFF);
            case >= 0x200 and < 0x210:
                return (value & ~0xFFFF_F800ul) == 0;
            default:
                for (int k = 0; k < 8; k++)
                {
                    if (!ValidMtrrType((value >> (8 * k)) & 0xFF))
                    {
                        return false;
                    }
                }

                return true;
        }
    }
}
