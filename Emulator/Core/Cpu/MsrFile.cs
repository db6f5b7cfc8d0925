namespace Emu.Core.Cpu;

/// <summary>
/// The model-specific registers this core keeps (SDM Vol. 4 table 2-2, the P6 family's architectural
/// set): SYSENTER's three, PAT, the MTRRs, the machine-check registers and banks, and the TSC offset
/// that a WRMSR to IA32_TIME_STAMP_COUNTER leaves against the instruction count.
/// </summary>
internal struct MsrFile
{
    /// <summary>Machine-check banks QEMU gives its Intel models (MCE_BANKS_DEF).</summary>
    public const int McBanks = 10;

    /// <summary>IA32_PAT at power-on (SDM Vol. 3 11.12.4): WB, WT, UC-, UC repeated.</summary>
    public const ulong PatPowerOn = 0x0007_0406_0007_0406;

    public uint SysenterCs;
    public uint SysenterEsp;
    public uint SysenterEip;
    public ulong Pat;
    public long TscOffset;
    public ulong MtrrDefType;
    public ulong MiscEnable;
    public ulong McgStatus;
    public ulong McgCtl;
    public MtrrArrays Arrays;

    public void Reset()
    {
        SysenterCs = SysenterEsp = SysenterEip = 0;
        Pat = PatPowerOn;
        TscOffset = 0;
        MtrrDefType = 0;
        MiscEnable = 1; // fast strings, as QEMU's MSR_IA32_MISC_ENABLE_DEFAULT
        McgStatus = 0;
        McgCtl = ulong.MaxValue;
        Arrays.Reset();
    }
}
