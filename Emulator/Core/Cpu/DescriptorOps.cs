using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// LLDT, SLDT, LTR, STR, LAR, LSL, VERR, VERW, ARPL (SDM Vol. 2). All are #UD in real-address mode.
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>LLDT r/m16: a present LDT descriptor (type 2) from the GDT, or null for an unusable LDTR.</summary>
    private static Flow Lldt(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._pe)
        {
            return c.Raise(6);
        }

        if (!c.Privileged() || !c.ReadRm0(ref o, out uint v))
        {
            return Flow.Fault;
        }

        ushort sel = (ushort)v;
        if ((sel & 0xFFFC) == 0)
        {
            c._ldtr = default;
            c._ldtr.Selector = sel;
            return Flow.Next;
        }

        if ((sel & 4) != 0)
        {
            return c.RaiseCode(13, sel & 0xFFFC);
        }

        if (!c.ReadDescriptor(sel, out uint lo, out uint hi))
        {
            return Flow.Fault;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        if ((ar & 0x1F) != 2)
        {
            return c.RaiseCode(13, sel & 0xFFFC);
        }

        if ((ar & ArPresent) == 0)
        {
            return c.RaiseCode(11, sel & 0xFFFC);
        }

        c.FillCache(ref c._ldtr, sel, lo, hi);
        return Flow.Next;
    }

    /// <summary>LTR r/m16: an available TSS (type 1 or 9) from the GDT, then marked busy in the GDT.</summary>
    private static Flow Ltr(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._pe)
        {
            return c.Raise(6);
        }

        if (!c.Privileged() || !c.ReadRm0(ref o, out uint v))
        {
            return Flow.Fault;
        }

        ushort sel = (ushort)v;
        if ((sel & 0xFFFC) == 0)
        {
            return c.RaiseCode(13, 0);
        }

        if ((sel & 4) != 0)
        {
            return c.RaiseCode(13, sel & 0xFFFC);
        }

        if (!c.ReadDescriptor(sel, out uint lo, out uint hi))
        {
            return Flow.Fault;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        if ((ar & 0x1F) is not (1 or 9))
        {
            return c.RaiseCode(13, sel & 0xFFFC);
        }

        if ((ar & ArPresent) == 0)
        {
            return c.RaiseCode(11, sel & 0xFFFC);
        }

        hi |= 0x200;
        if (!c.DescriptorAddress(sel, out uint linear) || !c.WriteLinear(linear + 4, 4, false, hi))
        {
            return Flow.Fault;
        }

        c.FillCache(ref c._tr, sel, lo, hi);
        return Flow.Next;
    }

    /// <summary>SLDT/STR (Aux 0/1): the selector; a 32-bit register destination gets it zero-extended.</summary>
    private static Flow StoreSystemSelector(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._pe)
        {
            return c.Raise(6);
        }

        return (c.WriteRm0(ref o, o.Aux == 0 ? c._ldtr.Selector : c._tr.Selector)) ? Flow.Next : Flow.Fault;
    }

    /// <summary>
    /// Whether a selector's descriptor is visible at the current CPL and the selector's RPL (SDM Vol. 2, LAR):
    /// inside its table, DPL ≥ CPL and DPL ≥ RPL unless it is a conforming code segment.
    /// A fault while reading the table is still raised.
    /// </summary>
    private bool VisibleDescriptor(ushort sel, out uint lo, out uint hi, out bool visible)
    {
        lo = hi = 0;
        visible = false;
        if ((sel & 0xFFFC) == 0)
        {
            return true;
        }

        uint index = sel & 0xFFF8u;
        bool ldt = (sel & 4) != 0;
        if (ldt && (_ldtr.Attr & ArPresent) == 0)
        {
            return true;
        }

        uint limit = ldt ? _ldtr.Limit : _gdtLimit;
        if (index + 7 > limit)
        {
            return true;
        }

        uint tableBase = ldt ? _ldtr.Base : _gdtBase;
        if (!ReadLinear(tableBase + index, 4, false, out lo) || !ReadLinear(tableBase + index + 4, 4, false, out hi))
        {
            return false;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        int dpl = (ar >> 5) & 3;
        bool conformingCode = (ar & (ArSegment | ArCode | ArConforming)) == (ArSegment | ArCode | ArConforming);
        visible = conformingCode || (dpl >= _cpl && dpl >= (sel & 3));
        return true;
    }

    /// <summary>LAR (Aux 0) / LSL (Aux 1) r, r/m16: ZF=1 and the access rights or the byte-granular limit when valid.</summary>
    private static Flow LoadAccessOrLimit(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._pe)
        {
            return c.Raise(6);
        }

        if (!c.ReadRm1(ref o, 2, out uint v) || !c.VisibleDescriptor((ushort)v, out uint lo, out uint hi, out bool visible))
        {
            return Flow.Fault;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        int type = ar & 0xF;
        bool system = (ar & ArSegment) == 0;

        // LAR accepts TSSs, LDTs, call and task gates; LSL only TSSs and LDTs.
        bool valid = visible && (!system || (o.Aux == 0 ? type is 1 or 2 or 3 or 4 or 5 or 9 or 0xB or 0xC : type is 1 or 2 or 3 or 9 or 0xB));
        c.SetArith(FZf, valid ? FZf : 0);
        if (valid)
        {
            uint result = o.Aux == 0 ? hi & 0x00F0_FF00 : DescriptorLimit(lo, hi);
            c.SetReg(o.Width, o.R0, 0, result);
        }

        return Flow.Next;
    }

    /// <summary>VERR (Aux 0) / VERW (Aux 1) r/m16: ZF=1 when the segment is readable / writable at CPL and RPL.</summary>
    private static Flow Verify(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._pe)
        {
            return c.Raise(6);
        }

        if (!c.ReadRm0(ref o, out uint v) || !c.VisibleDescriptor((ushort)v, out _, out uint hi, out bool visible))
        {
            return Flow.Fault;
        }

        int ar = (int)(hi >> 8) & 0xFF;
        bool segment = (ar & ArSegment) != 0;
        bool code = (ar & ArCode) != 0;
        bool rw = (ar & ArReadWrite) != 0;
        bool ok = visible && segment && (o.Aux == 0 ? !code || rw : !code && rw);
        c.SetArith(FZf, ok ? FZf : 0);
        return Flow.Next;
    }

    /// <summary>ARPL r/m16, r16: raises the destination's RPL to the source's (ZF=1), else ZF=0.</summary>
    private static Flow Arpl(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._pe)
        {
            return c.Raise(6);
        }

        if (!c.ReadRm0(ref o, out uint dest))
        {
            return Flow.Fault;
        }

        uint src = c.GetReg(2, o.R1, 0);
        if ((dest & 3) < (src & 3))
        {
            if (!c.WriteRm0(ref o, (dest & ~3u) | (src & 3)))
            {
                return Flow.Fault;
            }

            c.SetArith(FZf, FZf);
        }
        else
        {
            c.SetArith(FZf, 0);
        }

        return Flow.Next;
    }
}
