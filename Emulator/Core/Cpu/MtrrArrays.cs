namespace Emu.Core.Cpu;

/// <summary>The MTRR ranges and machine-check banks behind <see cref="MsrFile"/>, kept in arrays of their own.</summary>
internal struct MtrrArrays
{
    public const int VariableCount = 16;
    public const int FixedCount = 11;
    public const int McBankCount = MsrFile.McBanks * 4;

    /// <summary>IA32_MTRR_PHYSBASE0..7 at even, IA32_MTRR_PHYSMASK0..7 at odd indexes (MSRs 200h-20Fh).</summary>
    public ulong[] Variable;

    /// <summary>IA32_MTRR_FIX64K_00000, FIX16K_80000/A0000, FIX4K_C0000..F8000 (SDM Vol. 3 11.11.2.2).</summary>
    public ulong[] Fixed;

    /// <summary>IA32_MCi_CTL, _STATUS, _ADDR, _MISC for each bank (MSRs 400h on, four per bank).</summary>
    public ulong[] McBanks;

    public void Reset()
    {
        Variable ??= new ulong[VariableCount];
        Fixed ??= new ulong[FixedCount];
        McBanks ??= new ulong[McBankCount];
        Array.Clear(Variable);
        Array.Clear(Fixed);
        Array.Clear(McBanks);
        for (int bank = 0; bank < MsrFile.McBanks; bank++)
        {
            McBanks[bank * 4] = ulong.MaxValue;
        }
    }
}
