using Emu.Core.Cpu.Model;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// SYSENTER and SYSEXIT (SDM Vol. 2B): fast transfers between ring 3 and ring 0 that load flat
/// segments from IA32_SYSENTER_CS without reading the GDT. #UD when the model does not advertise
/// SEP; #GP(0) in real mode, with IA32_SYSENTER_CS[15:2] = 0, and for SYSEXIT outside ring 0.
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>Descriptor words of a flat 4 GiB segment (G = 1, D/B = 1, P = 1, S = 1), accessed.</summary>
    private const uint FlatLow = 0x0000_FFFF;
    private const uint FlatCodeHigh = 0x00CF_9B00;
    private const uint FlatDataHigh = 0x00CF_9300;

    private long _sysenters;
    private long _sysexits;

    /// <summary>
    /// SYSENTERs completed since power-on (faulting ones not counted): shows whether a guest takes the
    /// fast system call path that SEP offers (Linux's vDSO does when CPUID.01H:EDX.SEP is set).
    /// </summary>
    public long SysenterCount => _sysenters;

    /// <summary>SYSEXITs completed since power-on (faulting ones not counted).</summary>
    public long SysexitCount => _sysexits;

    private static Flow Sysenter(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._model.HasEdx(CpuModels.Sep))
        {
            return c.Raise(6);
        }

        uint cs = c._msr.SysenterCs & 0xFFFC;
        if (!c._pe || cs == 0)
        {
            return c.Raise(13);
        }

        c._flags &= ~(uint)(EFlags.VM | EFlags.IF | EFlags.RF);
        c.LoadCodeSegment((ushort)cs, FlatLow, FlatCodeHigh, 0);
        c.FillCache(ref c._s[SegSs], (ushort)(cs + 8), FlatLow, FlatDataHigh);
        c.UpdateStackMask();
        c.Reg(4) = c._msr.SysenterEsp;
        c._eip = c._msr.SysenterEip;
        c._sysenters++;
        return Flow.Branch;
    }

    private static Flow Sysexit(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._model.HasEdx(CpuModels.Sep))
        {
            return c.Raise(6);
        }

        uint cs = c._msr.SysenterCs & 0xFFFC;
        if (!c._pe || cs == 0 || c._cpl != 0)
        {
            return c.Raise(13);
        }

        const uint dpl3 = 3u << 13;
        c.LoadCodeSegment((ushort)(cs + 16), FlatLow, FlatCodeHigh | dpl3, 3);
        c.FillCache(ref c._s[SegSs], (ushort)((cs + 24) | 3), FlatLow, FlatDataHigh | dpl3);
        c.UpdateStackMask();
        c.Reg(4) = c.Reg(1);
        c._eip = c.Reg(2);
        c._sysexits++;
        return Flow.Branch;
    }

    /// <summary>CLFLUSH m8 (SDM Vol. 2A): no caches to flush, but the byte is checked as a load would be (#GP, #SS, #PF) without reading it.</summary>
    private static Flow Clflush(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c._model.HasEdx(CpuModels.Clflush))
        {
            return c.Raise(6);
        }

        return c.Check(o.Seg, c.Ea(ref o), 1, false, out _) ? Flow.Next : Flow.Fault;
    }
}
