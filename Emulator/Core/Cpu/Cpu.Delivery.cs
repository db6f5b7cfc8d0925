namespace Emu.Core.Cpu;

/// <summary>
/// Interrupt and exception delivery (SDM Vol. 3 6.12-6.15): through the IVT in real mode, through
/// the IDT's interrupt and trap gates in protected mode, with the stack switch to the TSS's SS0:ESP0
/// on a change to an inner privilege level, error codes, and #DF for the contributory pairs of
/// SDM Vol. 3 Table 6-5 (a fault while delivering #DF shuts the processor down).
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>Called when the processor shuts down after a triple fault (SDM Vol. 3 6.15, interrupt 8).</summary>
    public Action? TripleFault { get; set; }

    /// <summary>An external interrupt (from the PIC or a firmware service) with the given return address.</summary>
    private void DeliverInterrupt(byte vector, uint returnEip)
    {
        if (!_pe)
        {
            DeliverReal(vector, returnEip);
            return;
        }

        DeliverEvent(vector, -1, returnEip, false);
    }

    /// <summary>INT n, INT3, INTO (<paramref name="checkDpl"/>: the gate's DPL must be ≥ CPL) and INT1.</summary>
    private void DeliverSoftware(byte vector, uint returnEip, bool checkDpl)
    {
        if (!_pe)
        {
            DeliverReal(vector, returnEip);
            return;
        }

        DeliverEvent(vector, -1, returnEip, checkDpl);
    }

    /// <summary>A CPU exception raised by an instruction (EIP of the faulting instruction, or the next one for traps).</summary>
    private void DeliverFault(int vector, int errorCode, uint eip)
    {
        if (!_pe)
        {
            DeliverReal((byte)vector, eip);
            return;
        }

        DeliverEvent(vector, HasErrorCode(vector) ? errorCode : -1, eip, false);
    }

    private static bool HasErrorCode(int vector) => vector is 8 or 10 or 11 or 12 or 13 or 14 or 17;

    private static bool Contributory(int vector) => vector is 0 or 10 or 11 or 12 or 13;

    private void DeliverEvent(int vector, int errorCode, uint eip, bool software)
    {
        while (!DeliverProtected(vector, errorCode, eip, software))
        {
            int next = _fault;
            int code = _faultCode;
            _fault = -1;
            if (vector == 8)
            {
                _halted = true;
                _flags &= ~FIf;
                TripleFault?.Invoke();
                return;
            }

            bool df = (Contributory(vector) && Contributory(next)) || (vector == 14 && (next == 14 || Contributory(next)));
            vector = df ? 8 : next;
            errorCode = df ? 0 : HasErrorCode(next) ? code : -1;
            software = false;
        }
    }

    /// <summary>
    /// One protected-mode delivery attempt. On failure the nested fault is pending in _fault/_faultCode
    /// and no register has changed. <paramref name="software"/> selects INT n's gate DPL check and the
    /// EXT bit (clear for software interrupts, set for everything else) of the error codes raised here.
    /// </summary>
    private bool DeliverProtected(int vector, int errorCode, uint eip, bool software)
    {
        int ext = software ? 0 : 1;
        uint gateOffset = (uint)vector * 8;
        int idtCode = (int)gateOffset | 2 | ext;
        if (gateOffset + 7 > _idtLimit)
        {
            return FaultCode(13, idtCode);
        }

        if (!ReadLinear(_idtBase + gateOffset, 4, false, out uint glo) || !ReadLinear(_idtBase + gateOffset + 4, 4, false, out uint ghi))
        {
            return false;
        }

        int gar = (int)(ghi >> 8) & 0xFF;
        int gtype = gar & 0x1F;
        if (gtype == 5)
        {
            ReportUnsupported($"a task gate in the IDT (vector {vector}) is not implemented by this CPU core");
            return FaultCode(13, idtCode);
        }

        if (gtype is not (6 or 7 or 0xE or 0xF))
        {
            return FaultCode(13, idtCode);
        }

        if (software && ((gar >> 5) & 3) < _cpl)
        {
            return FaultCode(13, idtCode);
        }

        if ((gar & ArPresent) == 0)
        {
            return FaultCode(11, idtCode);
        }

        bool gate32 = (gtype & 8) != 0;
        bool trapGate = (gtype & 1) != 0;
        ushort sel = (ushort)(glo >> 16);
        uint target = gate32 ? (glo & 0xFFFF) | (ghi & 0xFFFF_0000) : glo & 0xFFFF;
        if ((sel & 0xFFFC) == 0)
        {
            return FaultCode(13, ext);
        }

        if (!ReadDescriptor(sel, out uint lo, out uint hi))
        {
            if (_fault == 13)
            {
                _faultCode |= ext;
            }

            return false;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        int dpl = (ar >> 5) & 3;
        int selCode = (sel & 0xFFFC) | ext;
        if ((ar & (ArSegment | ArCode)) != (ArSegment | ArCode) || dpl > _cpl)
        {
            return FaultCode(13, selCode);
        }

        if ((ar & ArPresent) == 0)
        {
            return FaultCode(11, selCode);
        }

        if (target > DescriptorLimit(lo, hi))
        {
            return FaultCode(13, ext);
        }

        int w = gate32 ? 4 : 2;
        uint flags = GetFlagsValue();
        if ((flags & (uint)EFlags.VM) != 0)
        {
            ReportUnsupported("interrupts from virtual-8086 mode are not implemented by this CPU core");
            return FaultCode(13, ext);
        }

        bool conforming = (ar & ArConforming) != 0;
        int newCpl = conforming ? _cpl : dpl;
        ushort oldCs = _s[SegCs].Selector;
        if (newCpl < _cpl)
        {
            if (!StackFromTss(newCpl, ext, out ushort ssSel, out uint esp0, out uint sslo, out uint sshi))
            {
                return false;
            }

            SegmentCache ss = default;
            FillCache(ref ss, ssSel, sslo, sshi);
            uint mask = (ss.Attr & 0x4000) != 0 ? 0xFFFF_FFFF : 0xFFFF;
            uint sp = esp0;
            int ssCode = (ssSel & 0xFFFC) | ext;
            bool user = newCpl == 3;
            if (!PushTo(ref ss, mask, ref sp, w, _s[SegSs].Selector, ssCode, user)
                || !PushTo(ref ss, mask, ref sp, w, Reg(4), ssCode, user)
                || !PushTo(ref ss, mask, ref sp, w, flags, ssCode, user)
                || !PushTo(ref ss, mask, ref sp, w, oldCs, ssCode, user)
                || !PushTo(ref ss, mask, ref sp, w, eip, ssCode, user)
                || (errorCode >= 0 && !PushTo(ref ss, mask, ref sp, w, (uint)errorCode, ssCode, user)))
            {
                return false;
            }

            FillCache(ref _s[SegSs], ssSel, sslo, sshi);
            UpdateStackMask();
            Reg(4) = (esp0 & ~mask) | (sp & mask);
        }
        else
        {
            SegmentCache ss = _s[SegSs];
            uint sp = Reg(4);
            bool user = _cpl == 3;
            if (!PushTo(ref ss, _spMask, ref sp, w, flags, ext, user)
                || !PushTo(ref ss, _spMask, ref sp, w, oldCs, ext, user)
                || !PushTo(ref ss, _spMask, ref sp, w, eip, ext, user)
                || (errorCode >= 0 && !PushTo(ref ss, _spMask, ref sp, w, (uint)errorCode, ext, user)))
            {
                return false;
            }

            Reg(4) = (Reg(4) & ~_spMask) | (sp & _spMask);
        }

        LoadCodeSegment(sel, lo, hi, newCpl);
        _flags &= ~(FTf | (uint)EFlags.NT | (uint)EFlags.RF | (uint)EFlags.VM);
        if (!trapGate)
        {
            _flags &= ~FIf;
        }

        _eip = target;
        return true;
    }

    /// <summary>
    /// The inner stack from the current 32-bit TSS (SDM Vol. 3 7.2.1: ESP0 at offset 4, SS0 at 8), checked
    /// as SDM Vol. 2 INT n says: #TS for a bad SS selector or a TSS too short, #SS when not present.
    /// </summary>
    private bool StackFromTss(int cpl, int ext, out ushort ssSel, out uint esp, out uint lo, out uint hi)
    {
        ssSel = 0;
        esp = lo = hi = 0;
        int type = _tr.Attr & 0xF;
        if ((_tr.Attr & ArPresent) == 0 || (type != 9 && type != 0xB))
        {
            if ((_tr.Attr & ArPresent) != 0)
            {
                ReportUnsupported("a privilege change through a 16-bit TSS is not implemented by this CPU core");
            }

            return FaultCode(10, (_tr.Selector & 0xFFFC) | ext);
        }

        uint at = (uint)(8 * cpl) + 4;
        if (at + 5 > _tr.Limit)
        {
            return FaultCode(10, (_tr.Selector & 0xFFFC) | ext);
        }

        if (!ReadLinear(_tr.Base + at, 4, false, out esp) || !ReadLinear(_tr.Base + at + 4, 2, false, out uint ss))
        {
            return false;
        }

        ssSel = (ushort)ss;
        return CheckStackTarget(ssSel, cpl, 10, ext, out lo, out hi);
    }

    /// <summary>Pushes onto a stack segment that may not be loaded yet; #SS(<paramref name="code"/>) past its limit.</summary>
    private bool PushTo(ref SegmentCache ss, uint mask, ref uint sp, int w, uint value, int code, bool user)
    {
        uint next = (sp - (uint)w) & mask;
        if (!InLimit(ref ss, next, (uint)w))
        {
            return FaultCode(12, code);
        }

        if (!WriteLinear(ss.Base + next, w, user, value))
        {
            return false;
        }

        sp = next;
        return true;
    }
}
