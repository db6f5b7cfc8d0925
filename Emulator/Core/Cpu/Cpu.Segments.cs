namespace Emu.Core.Cpu;

/// <summary>
/// Protected-mode segmentation (SDM Vol. 3 ch. 3 and 5): descriptor-table reads, segment-register
/// loads with their checks and error codes, and the derived state the hot paths read (CPL, the
/// decode mode from CS.D, the stack mask from SS.B).
/// </summary>
public sealed unsafe partial class Cpu
{
    // Descriptor access-byte bits (SDM Vol. 3 3.4.5).
    private const int ArPresent = 0x80;
    private const int ArSegment = 0x10;
    private const int ArCode = 0x08;
    private const int ArConforming = 0x04;
    private const int ArReadWrite = 0x02;
    private const int ArAccessed = 0x01;

    private bool _pe;
    private int _cpl;
    private uint _spMask = 0xFFFF;
    private int _faultCode;
    private SegmentCache _ldtr;
    private SegmentCache _tr;

    /// <summary>Current privilege level (0 in real mode).</summary>
    public int Cpl => _cpl;

    /// <summary>True when CR0.PE is set.</summary>
    public bool ProtectedMode => _pe;

    /// <summary>Loads a segment register in real mode: base = selector × 16, limit unchanged (SDM Vol. 3 20.1.1).</summary>
    private void LoadSegmentReal(int seg, ushort selector)
    {
        ref SegmentCache s = ref _s[seg];
        s.Selector = selector;
        s.Base = (uint)selector << 4;
        s.Attr = (ushort)((s.Attr & 0xF000) | (seg == SegCs ? 0x9B : 0x93));
        s.ReadLimit = s.WriteLimit = s.CheckedReadLimit = s.CheckedWriteLimit = s.Limit;
        if (seg == SegSs)
        {
            UpdateStackMask();
        }
    }

    /// <summary>MOV/POP/LDS-style load of a data or stack segment register (not CS).</summary>
    internal bool LoadSegment(int seg, ushort selector)
    {
        if (!_pe)
        {
            LoadSegmentReal(seg, selector);
            return true;
        }

        return LoadSegmentProtected(seg, selector);
    }

    /// <summary>
    /// SDM Vol. 2, MOV (protected-mode segment loads): SS needs a present writable data segment with
    /// RPL = DPL = CPL (#GP(sel), #SS(sel) when not present); DS/ES/FS/GS need data or readable code
    /// with DPL ≥ max(CPL, RPL) unless conforming (#GP(sel), #NP(sel)); a null selector loads an
    /// unusable segment, except into SS (#GP(0)).
    /// </summary>
    private bool LoadSegmentProtected(int seg, ushort sel)
    {
        if ((sel & 0xFFFC) == 0)
        {
            if (seg == SegSs)
            {
                return FaultCode(13, 0);
            }

            ref SegmentCache n = ref _s[seg];
            n.Selector = sel;
            n.Attr = 0;
            n.ReadLimit = n.WriteLimit = n.CheckedReadLimit = n.CheckedWriteLimit = -1;
            return true;
        }

        if (!ReadDescriptor(sel, out uint lo, out uint hi))
        {
            return false;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        int dpl = (ar >> 5) & 3;
        int rpl = sel & 3;
        int code = sel & 0xFFFC;
        if (seg == SegSs)
        {
            if (rpl != _cpl || dpl != _cpl || (ar & (ArSegment | ArCode | ArReadWrite)) != (ArSegment | ArReadWrite))
            {
                return FaultCode(13, code);
            }

            if ((ar & ArPresent) == 0)
            {
                return FaultCode(12, code);
            }
        }
        else
        {
            if ((ar & ArSegment) == 0 || (ar & (ArCode | ArReadWrite)) == ArCode)
            {
                return FaultCode(13, code);
            }

            bool conforming = (ar & (ArCode | ArConforming)) == (ArCode | ArConforming);
            if (!conforming && (dpl < _cpl || dpl < rpl))
            {
                return FaultCode(13, code);
            }

            if ((ar & ArPresent) == 0)
            {
                return FaultCode(11, code);
            }
        }

        if (!SetAccessed(sel, ref hi))
        {
            return false;
        }

        FillCache(ref _s[seg], sel, lo, hi);
        if (seg == SegSs)
        {
            UpdateStackMask();
        }

        return true;
    }

    /// <summary>Reads the 8-byte descriptor a selector names from the GDT or LDT; #GP(sel) when beyond the table limit.</summary>
    private bool ReadDescriptor(ushort sel, out uint lo, out uint hi)
    {
        lo = hi = 0;
        if (!DescriptorAddress(sel, out uint linear))
        {
            return false;
        }

        return ReadLinear(linear, 4, false, out lo) && ReadLinear(linear + 4, 4, false, out hi);
    }

    private bool DescriptorAddress(ushort sel, out uint linear)
    {
        uint index = sel & 0xFFF8u;
        uint tableBase;
        uint tableLimit;
        if ((sel & 4) != 0)
        {
            if ((_ldtr.Attr & ArPresent) == 0)
            {
                linear = 0;
                return FaultCode(13, sel & 0xFFFC);
            }

            tableBase = _ldtr.Base;
            tableLimit = _ldtr.Limit;
        }
        else
        {
            tableBase = _gdtBase;
            tableLimit = _gdtLimit;
        }

        linear = tableBase + index;
        return index + 7 <= tableLimit || FaultCode(13, sel & 0xFFFC);
    }

    /// <summary>Sets the descriptor's accessed bit in memory (SDM Vol. 3 3.4.5.1) when a segment register loads it.</summary>
    private bool SetAccessed(ushort sel, ref uint hi)
    {
        if ((hi & 0x100) != 0 || (hi & 0x1000) == 0)
        {
            return true;
        }

        hi |= 0x100;
        return DescriptorAddress(sel, out uint linear) && WriteLinear(linear + 4, 4, false, hi);
    }

    private void FillCache(ref SegmentCache s, ushort sel, uint lo, uint hi)
    {
        s.Selector = sel;
        s.Base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF00_0000);
        uint limit = (lo & 0xFFFF) | (hi & 0xF_0000);
        if ((hi & 0x80_0000) != 0)
        {
            limit = (limit << 12) | 0xFFF;
        }

        s.Limit = limit;
        s.Attr = (ushort)((hi >> 8) & 0xF0FF);
        int type = s.Attr & 0xF;
        bool usable = (s.Attr & (ArPresent | ArSegment)) == (ArPresent | ArSegment);
        bool code = (type & ArCode) != 0;
        bool expandDown = !code && (type & ArConforming) != 0;
        s.CheckedReadLimit = usable && !expandDown && (!code || (type & ArReadWrite) != 0) ? limit : -1;
        s.CheckedWriteLimit = usable && !expandDown && !code && (type & ArReadWrite) != 0 ? limit : -1;
        SetFastLimits(ref s);
    }

    private void SetFastLimits(ref SegmentCache s)
    {
        s.ReadLimit = _paging ? -1 : s.CheckedReadLimit;
        s.WriteLimit = _paging ? -1 : s.CheckedWriteLimit;
    }

    private void UpdateStackMask() => _spMask = (_s[SegSs].Attr & 0x4000) != 0 ? 0xFFFF_FFFF : 0xFFFF;

    /// <summary>Loads CS from a checked code descriptor at privilege <paramref name="cpl"/>: CS.RPL = CPL, decode mode from CS.D.</summary>
    private void LoadCodeSegment(ushort sel, uint lo, uint hi, int cpl)
    {
        FillCache(ref _s[SegCs], (ushort)((sel & 0xFFFC) | cpl), lo, hi);
        _cpl = cpl;
        UpdateTlbRights();
        _mode = (_s[SegCs].Attr >> 14) & 1;
        _codeEpoch++;
    }

    /// <summary>
    /// Checks a far JMP/CALL/RET/IRET target code segment (SDM Vol. 2, JMP and RET): null → #GP(0); not a
    /// code segment → #GP(sel); privilege per <paramref name="rule"/>; not present → #NP(sel).
    /// Gates and TSS descriptors are refused as unsupported.
    /// </summary>
    private bool CheckCodeTarget(ushort sel, int rule, out uint lo, out uint hi)
    {
        lo = hi = 0;
        if ((sel & 0xFFFC) == 0)
        {
            return FaultCode(13, 0);
        }

        if (!ReadDescriptor(sel, out lo, out hi))
        {
            return false;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        int code = sel & 0xFFFC;
        if ((ar & ArSegment) == 0)
        {
            int type = ar & 0xF;
            if (type is 1 or 4 or 5 or 9 or 0xC)
            {
                ReportUnsupported($"far transfer through a {(type is 4 or 0xC ? "call gate" : type == 5 ? "task gate" : "TSS (task switch)")} (selector {sel:X4}h) is not implemented by this CPU core");
            }

            return FaultCode(13, code);
        }

        if ((ar & ArCode) == 0)
        {
            return FaultCode(13, code);
        }

        int dpl = (ar >> 5) & 3;
        int rpl = sel & 3;
        bool conforming = (ar & ArConforming) != 0;
        bool ok = rule switch
        {
            // JMP/CALL: conforming DPL ≤ CPL; non-conforming RPL ≤ CPL and DPL = CPL.
            0 => conforming ? dpl <= _cpl : rpl <= _cpl && dpl == _cpl,

            // RET/IRET: RPL ≥ CPL; conforming DPL ≤ RPL; non-conforming DPL = RPL.
            _ => rpl >= _cpl && (conforming ? dpl <= rpl : dpl == rpl),
        };
        if (!ok)
        {
            return FaultCode(13, code);
        }

        return (ar & ArPresent) != 0 || FaultCode(11, code);
    }

    /// <summary>
    /// Checks the SS selector of a privilege change to <paramref name="cpl"/> (SDM Vol. 2, RET and IRET):
    /// RPL = DPL = CPL, a writable data segment (#GP(sel), or #TS(sel) for a TSS stack), present (#SS(sel)).
    /// </summary>
    private bool CheckStackTarget(ushort sel, int cpl, int badVector, int ext, out uint lo, out uint hi)
    {
        lo = hi = 0;
        if ((sel & 0xFFFC) == 0)
        {
            return FaultCode(badVector, ext);
        }

        if (!ReadDescriptor(sel, out lo, out hi))
        {
            // Beyond the table: the stack check's own fault (#TS for a TSS stack); a #PF stays as it is.
            if (_fault == 13)
            {
                _fault = badVector;
                _faultCode = (sel & 0xFFFC) | ext;
            }

            return false;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        int code = (sel & 0xFFFC) | ext;
        if ((sel & 3) != cpl || ((ar >> 5) & 3) != cpl || (ar & (ArSegment | ArCode | ArReadWrite)) != (ArSegment | ArReadWrite))
        {
            return FaultCode(badVector, code);
        }

        return (ar & ArPresent) != 0 || FaultCode(12, code);
    }

    /// <summary>
    /// After a return to an outer privilege level, data segment registers the new CPL may not use become
    /// null (SDM Vol. 2, RET: DPL &lt; CPL for data and non-conforming code).
    /// </summary>
    private void DropInnerDataSegments()
    {
        ReadOnlySpan<int> segs = [SegEs, SegDs, 4, 5];
        foreach (int seg in segs)
        {
            ref SegmentCache s = ref _s[seg];
            int ar = s.Attr;
            bool conformingCode = (ar & (ArCode | ArConforming)) == (ArCode | ArConforming);
            if ((s.Selector & 0xFFFC) != 0 && !conformingCode && ((ar >> 5) & 3) < _cpl)
            {
                s.Selector = 0;
                s.Attr = 0;
                s.ReadLimit = s.WriteLimit = s.CheckedReadLimit = s.CheckedWriteLimit = -1;
            }
        }
    }

    /// <summary>True when a segment (or a TSS) has room for <paramref name="size"/> bytes at <paramref name="offset"/>, expand-down included.</summary>
    private static bool InLimit(ref SegmentCache s, uint offset, uint size)
    {
        ulong last = (ulong)offset + size - 1;
        if ((s.Attr & (ArSegment | ArCode | ArConforming)) == (ArSegment | ArConforming))
        {
            ulong upper = (s.Attr & 0x4000) != 0 ? 0xFFFF_FFFFul : 0xFFFFul;
            return offset > s.Limit && last <= upper;
        }

        return last <= s.Limit;
    }
}
