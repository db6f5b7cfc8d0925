using Emu.Core.Cpu.Model;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// RDMSR and WRMSR (SDM Vol. 2B): the MSRs of the P6 family that the CPU model's feature bits promise
/// (SDM Vol. 4 table 2-2). An MSR the model does not have, a write to a read-only one and a write
/// that sets a reserved bit raise #GP(0), as on the hardware (QEMU's TCG instead reads 0 and drops
/// the write for MSRs it does not know).
/// </summary>
public sealed unsafe partial class Cpu
{
    private const uint MsrTsc = 0x10;
    private const uint MsrPlatformId = 0x17;
    private const uint MsrApicBase = 0x1B;
    private const uint MsrBiosSignId = 0x8B;
    private const uint MsrMtrrCap = 0xFE;
    private const uint MsrSysenterCs = 0x174;
    private const uint MsrSysenterEsp = 0x175;
    private const uint MsrSysenterEip = 0x176;
    private const uint MsrMcgCap = 0x179;
    private const uint MsrMcgStatus = 0x17A;
    private const uint MsrMcgCtl = 0x17B;
    private const uint MsrMiscEnable = 0x1A0;
    private const uint MsrMtrrPhysBase0 = 0x200;
    private const uint MsrMtrrFix64K = 0x250;
    private const uint MsrMtrrFix16K = 0x258;
    private const uint MsrMtrrFix4K = 0x268;
    private const uint MsrPat = 0x277;
    private const uint MsrMtrrDefType = 0x2FF;
    private const uint MsrMc0Ctl = 0x400;

    /// <summary>IA32_MTRRCAP: 8 variable ranges, fixed ranges, write-combining (QEMU's value, SDM Vol. 3 11.11.1).</summary>
    private const ulong MtrrCap = 0x508;

    /// <summary>IA32_MCG_CAP: 10 banks, MCG_CTL present (bit 8), software error recovery (bit 24), as QEMU's TCG.</summary>
    private const ulong McgCap = 0x0100_0100 | MsrFile.McBanks;

    /// <summary>IA32_BIOS_SIGN_ID: microcode revision 1 in the high half (QEMU's Intel default).</summary>
    private const ulong BiosSignId = 0x1_0000_0000;

    private MsrFile _msr;

    /// <summary>The time-stamp counter: the instruction count plus what WRMSR to IA32_TIME_STAMP_COUNTER set.</summary>
    private ulong Tsc => (ulong)(_icount + _msr.TscOffset);

    private static Flow Rdmsr(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        if (!c.TryReadMsr(c.Reg(1), out ulong v))
        {
            return c.Raise(13);
        }

        c.Reg(0) = (uint)v;
        c.Reg(2) = (uint)(v >> 32);
        return Flow.Next;
    }

    private static Flow Wrmsr(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        ulong v = c.Reg(0) | (ulong)c.Reg(2) << 32;
        return c.TryWriteMsr(c.Reg(1), v) ? Flow.Next : c.Raise(13);
    }

    private bool TryReadMsr(uint index, out ulong value)
    {
        value = 0;
        CpuModel m = _model;
        switch (index)
        {
            case MsrTsc when m.HasEdx(CpuModels.Tsc):
                value = Tsc;
                return true;
            case MsrPlatformId:
                return true;
            case MsrBiosSignId:
                value = BiosSignId;
                return true;
            case MsrMiscEnable:
                value = _msr.MiscEnable;
                return true;
            case MsrSysenterCs when m.HasEdx(CpuModels.Sep):
                value = _msr.SysenterCs;
                return true;
            case MsrSysenterEsp when m.HasEdx(CpuModels.Sep):
                value = _msr.SysenterEsp;
                return true;
            case MsrSysenterEip when m.HasEdx(CpuModels.Sep):
                value = _msr.SysenterEip;
                return true;
            case MsrPat when m.HasEdx(CpuModels.Pat):
                value = _msr.Pat;
                return true;
        }

        if (m.HasEdx(CpuModels.Mtrr) && MtrrSlot(index, out ulong[]? array, out int slot))
        {
            value = array is null ? index == MsrMtrrCap ? MtrrCap : _msr.MtrrDefType : array[slot];
            return true;
        }

        if (m.HasEdx(CpuModels.Mca) && m.HasEdx(CpuModels.Mce))
        {
            switch (index)
            {
                case MsrMcgCap:
                    value = McgCap;
                    return true;
                case MsrMcgStatus:
                    value = _msr.McgStatus;
                    return true;
                case MsrMcgCtl:
                    value = _msr.McgCtl;
                    return true;
                case >= MsrMc0Ctl and < MsrMc0Ctl + MsrFile.McBanks * 4:
                    value = _msr.Arrays.McBanks[index - MsrMc0Ctl];
                    return true;
            }
        }

        // IA32_APIC_BASE (1Bh) among them: there is no local APIC.
        return false;
    }

    private bool TryWriteMsr(uint index, ulong value)
    {
        CpuModel m = _model;
        switch (index)
        {
            case MsrTsc when m.HasEdx(CpuModels.Tsc):
                WriteTsc(value);
                return true;
            case MsrBiosSignId:
                // Writing 0 before CPUID asks the CPU to latch its microcode revision (SDM Vol. 3 10.11.7.1).
                return true;
            case MsrMiscEnable:
                _msr.MiscEnable = value;
                return true;
            case MsrSysenterCs when m.HasEdx(CpuModels.Sep):
                _msr.SysenterCs = (uint)value;
                return true;
            case MsrSysenterEsp when m.HasEdx(CpuModels.Sep):
                _msr.SysenterEsp = (uint)value;
                return true;
            case MsrSysenterEip when m.HasEdx(CpuModels.Sep):
                _msr.SysenterEip = (uint)value;
                return true;
            case MsrPat when m.HasEdx(CpuModels.Pat):
                if (!MemoryTypes.ValidPat(value))
                {
                    return false;
                }

                _msr.Pat = value;
                return true;
        }

        if (m.HasEdx(CpuModels.Mtrr) && MtrrSlot(index, out ulong[]? array, out int slot))
        {
            if (index == MsrMtrrCap || !MemoryTypes.ValidMtrr(index, value))
            {
                return false;
            }

            if (array is null)
            {
                _msr.MtrrDefType = value;
            }
            else
            {
                array[slot] = value;
            }

            return true;
        }

        if (m.HasEdx(CpuModels.Mca) && m.HasEdx(CpuModels.Mce))
        {
            switch (index)
            {
                case MsrMcgStatus:
                    // Bits 0-2 (RIPV, EIPV, MCIP) only (SDM Vol. 3 16.3.1.2).
                    if ((value & ~7ul) != 0)
                    {
                        return false;
                    }

                    _msr.McgStatus = value;
                    return true;
                case MsrMcgCtl:
                    _msr.McgCtl = value;
                    return true;
                case >= MsrMc0Ctl and < MsrMc0Ctl + MsrFile.McBanks * 4:
                    // MCi_STATUS takes only zeros on the P6 family (SDM Vol. 3 16.3.2.2).
                    if ((index & 3) == 1 && value != 0)
                    {
                        return false;
                    }

                    _msr.Arrays.McBanks[index - MsrMc0Ctl] = value;
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// WRMSR to the TSC (SDM Vol. 3 17.17): family 6 models 0Eh, 0Fh, 17h, 1Ah, 1Ch and 1Dh take all
    /// 64 bits; the earlier P6 models take the low 32 and clear the high 32.
    /// </summary>
    private void WriteTsc(ulong value)
    {
        bool all64 = _model.Family == 6 && _model.ModelNumber is 0x0E or 0x0F or 0x17 or 0x1A or 0x1C or 0x1D;
        ulong next = all64 ? value : value & 0xFFFF_FFFF;
        _msr.TscOffset = (long)next - _icount;
    }

    /// <summary>
    /// Locates an MTRR MSR: MTRRcap and MTRRdefType with a null array, a variable or fixed range with its slot.
    /// </summary>
    private bool MtrrSlot(uint index, out ulong[]? array, out int slot)
    {
        array = null;
        slot = 0;
        switch (index)
        {
            case MsrMtrrCap or MsrMtrrDefType:
                return true;
            case >= MsrMtrrPhysBase0 and < MsrMtrrPhysBase0 + 16:
                array = _msr.Arrays.Variable;
                slot = (int)(index - MsrMtrrPhysBase0);
                return true;
            case MsrMtrrFix64K:
                array = _msr.Arrays.Fixed;
                return true;
            case MsrMtrrFix16K or MsrMtrrFix16K + 1:
                array = _msr.Arrays.Fixed;
                slot = 1 + (int)(index - MsrMtrrFix16K);
                return true;
            case >= MsrMtrrFix4K and < MsrMtrrFix4K + 8:
                array = _msr.Arrays.Fixed;
                slot = 3 + (int)(index - MsrMtrrFix4K);
                return true;
            default:
                return false;
        }
    }
}
