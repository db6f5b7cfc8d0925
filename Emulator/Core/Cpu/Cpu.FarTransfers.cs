namespace Emu.Core.Cpu;

/// <summary>
/// Protected-mode far JMP, CALL, RET and IRET to code segments (SDM Vol. 2 JMP/CALL/RET/IRET,
/// Vol. 3 5.8): same-privilege transfers, and RET/IRET to an outer privilege level with the stack
/// switch. Call gates, task gates, task switches and virtual-8086 mode are refused as unsupported.
/// As in QEMU 7.2, these loads of CS and SS leave the descriptors' accessed bits as they are (only
/// MOV/POP/LxS segment loads set them).
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>Far JMP (<paramref name="callWidth"/> 0) or far CALL pushing CS:EIP at that width.</summary>
    private bool FarJumpProtected(ushort sel, uint offset, int callWidth, uint returnEip)
    {
        if (!CheckCodeTarget(sel, 0, out uint lo, out uint hi))
        {
            return false;
        }

        if (callWidth == 2)
        {
            offset &= 0xFFFF;
        }

        if (offset > DescriptorLimit(lo, hi))
        {
            return FaultCode(13, 0);
        }

        if (callWidth != 0)
        {
            uint sp = Reg(4);
            if (!PushW(callWidth, _s[SegCs].Selector) || !PushW(callWidth, returnEip))
            {
                Reg(4) = sp;
                return false;
            }
        }

        LoadCodeSegment(sel, lo, hi, _cpl);
        _eip = offset;
        return false;
    }

    private static uint DescriptorLimit(uint lo, uint hi)
    {
        uint limit = (lo & 0xFFFF) | (hi & 0xF_0000);
        return (hi & 0x80_0000) != 0 ? (limit << 12) | 0xFFF : limit;
    }

    /// <summary>
    /// RETF in protected mode: CS:EIP are on the stack (already read); <paramref name="release"/> bytes of
    /// parameters are dropped. A return to an outer level also pops ESP and SS and nulls data segment
    /// registers the outer level may not use.
    /// </summary>
    private bool FarReturnProtected(ushort sel, uint offset, int w, uint release, bool iret, uint flags)
    {
        if (!CheckCodeTarget(sel, 1, out uint lo, out uint hi))
        {
            return false;
        }

        int frame = iret ? 3 * w : 2 * w;
        int rpl = sel & 3;
        if (offset > DescriptorLimit(lo, hi))
        {
            return FaultCode(13, 0);
        }

        int oldCpl = _cpl;
        if (rpl == _cpl)
        {
            AddSp((uint)frame + release);
            if (iret)
            {
                ApplyIretFlags(flags, w, oldCpl);
            }

            LoadCodeSegment(sel, lo, hi, rpl);
            _eip = offset;
            return false;
        }

        if (!PeekW(w, (uint)frame + release, out uint newEsp) || !PeekW(w, (uint)(frame + w) + release, out uint ssSel))
        {
            return false;
        }

        if (!CheckStackTarget((ushort)ssSel, rpl, 13, 0, out uint sslo, out uint sshi))
        {
            return false;
        }

        if (iret)
        {
            ApplyIretFlags(flags, w, oldCpl);
        }

        LoadCodeSegment(sel, lo, hi, rpl);
        FillCache(ref _s[SegSs], (ushort)ssSel, sslo, sshi);
        UpdateStackMask();
        Reg(4) = w == 4 ? newEsp : (Reg(4) & 0xFFFF_0000) | (newEsp & 0xFFFF);
        AddSp(release);
        DropInnerDataSegments();
        _eip = offset;
        return false;
    }

    /// <summary>
    /// IRET in protected mode (SDM Vol. 2, IRET): NT set means a task return and EFLAGS.VM in the image
    /// a return to virtual-8086 mode, both unsupported; otherwise a far return that also loads EFLAGS
    /// under the privilege rules of <see cref="MergeFlags"/> (RF loads too).
    /// </summary>
    private bool IretProtected(ushort sel, uint offset, int w, uint flags)
    {
        if ((_flags & (uint)EFlags.NT) != 0)
        {
            ReportUnsupported("IRET with EFLAGS.NT set (a task return) is not implemented by this CPU core");
            return FaultCode(13, 0);
        }

        if (w == 4 && (flags & (uint)EFlags.VM) != 0 && _cpl == 0)
        {
            ReportUnsupported("IRET to virtual-8086 mode is not implemented by this CPU core");
            return FaultCode(13, 0);
        }

        return FarReturnProtected(sel, offset, w, 0, true, flags);
    }

    private void ApplyIretFlags(uint flags, int w, int cpl)
    {
        uint next = MergeFlags(flags, w, cpl);
        if (w == 4)
        {
            next = (next & ~(uint)EFlags.RF) | (flags & (uint)EFlags.RF);
        }

        SetFlagsValue(next);
    }
}
