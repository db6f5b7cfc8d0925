using System.Buffers.Binary;
using Emu.Core.State;

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

    /// <summary>Writes every MSR value into the CPU's section (64-bit values as their two's-complement bits).</summary>
    public readonly void Save(StateWriter writer)
    {
        writer.Write("msr.sysenter.cs", SysenterCs);
        writer.Write("msr.sysenter.esp", SysenterEsp);
        writer.Write("msr.sysenter.eip", SysenterEip);
        writer.Write("msr.pat", (long)Pat);
        writer.Write("msr.tsc.offset", TscOffset);
        writer.Write("msr.mtrr.deftype", (long)MtrrDefType);
        writer.Write("msr.misc.enable", (long)MiscEnable);
        writer.Write("msr.mcg.status", (long)McgStatus);
        writer.Write("msr.mcg.ctl", (long)McgCtl);
        writer.Write("msr.mtrr.variable", ToBytes(Arrays.Variable));
        writer.Write("msr.mtrr.fixed", ToBytes(Arrays.Fixed));
        writer.Write("msr.mc.banks", ToBytes(Arrays.McBanks));
    }

    /// <summary>
    /// The MSRs a saved section holds, read and checked whole before the caller changes anything. Values
    /// are taken as saved: they were written through WRMSR's checks, and a section is refused only when a
    /// field is missing or has the wrong size.
    /// </summary>
    public static MsrFile Load(StateSection s)
    {
        var msr = new MsrFile();
        msr.SysenterCs = (uint)s.GetInt64("msr.sysenter.cs", 0, uint.MaxValue);
        msr.SysenterEsp = (uint)s.GetInt64("msr.sysenter.esp", 0, uint.MaxValue);
        msr.SysenterEip = (uint)s.GetInt64("msr.sysenter.eip", 0, uint.MaxValue);
        msr.Pat = (ulong)s.GetInt64("msr.pat");
        msr.TscOffset = s.GetInt64("msr.tsc.offset");
        msr.MtrrDefType = (ulong)s.GetInt64("msr.mtrr.deftype");
        msr.MiscEnable = (ulong)s.GetInt64("msr.misc.enable");
        msr.McgStatus = (ulong)s.GetInt64("msr.mcg.status");
        msr.McgCtl = (ulong)s.GetInt64("msr.mcg.ctl");
        msr.Arrays.Variable = FromBytes(s, "msr.mtrr.variable", MtrrArrays.VariableCount);
        msr.Arrays.Fixed = FromBytes(s, "msr.mtrr.fixed", MtrrArrays.FixedCount);
        msr.Arrays.McBanks = FromBytes(s, "msr.mc.banks", MtrrArrays.McBankCount);
        return msr;
    }

    private static byte[] ToBytes(ulong[] values)
    {
        byte[] bytes = new byte[values.Length * 8];
        for (int k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(k * 8), values[k]);
        }

        return bytes;
    }

    private static ulong[] FromBytes(StateSection s, string field, int count)
    {
        ulong[] values = new ulong[count];
        byte[] bytes = new byte[count * 8];
        s.GetBytes(field, bytes);
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(k * 8));
        }

        return values;
    }
}
