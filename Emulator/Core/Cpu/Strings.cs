using System.Runtime.CompilerServices;
using Emu.Core.Memory;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// MOVS CMPS SCAS LODS STOS INS OUTS with REP/REPE/REPNE. Each iteration counts as one instruction.
/// A repeated instruction runs at most <see cref="RepChunk"/> iterations per dispatch and is then
/// re-executed from its own address, so interrupts are taken between chunks as on hardware
/// (SDM Vol. 2, REP: "interrupted … resumes at the REP instruction"). A fault leaves the registers
/// as of the faulting iteration.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int RepChunk = 4096;
    private const byte StrMovs = 0;
    private const byte StrCmps = 1;
    private const byte StrScas = 2;
    private const byte StrLods = 3;
    private const byte StrStos = 4;
    private const byte StrIns = 5;
    private const byte StrOuts = 6;
    private const byte StrAddr32 = 8;
    private const byte StrRep = 16;
    private const byte StrRepne = 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Flow StringOp(Cpu c, ref Instruction i, ref Ops o)
    {
        int op = o.Aux & 7;
        bool addr32 = (o.Aux & StrAddr32) != 0;
        uint amask = addr32 ? 0xFFFF_FFFF : 0xFFFF;
        bool rep = (o.Aux & (StrRep | StrRepne)) != 0;
        int w = o.Width;
        uint step = (c._flags & FDf) != 0 ? (uint)-w : (uint)w;
        if (rep && (c.Reg(1) & amask) == 0)
        {
            return Flow.Next;
        }

        if (op >= StrIns && !c.IoAllowed((ushort)c.Reg(2), w))
        {
            return Flow.Fault;
        }

        int done = 0;
        bool bulk = rep && (op == StrMovs || op == StrStos) && (c._flags & FDf) == 0;
        while (true)
        {
            if (bulk)
            {
                int n = c.RepBulk(op, w, o.Seg, amask, RepChunk - done);
                if (n > 0)
                {
                    done += n;
                    if ((c.Reg(1) & amask) == 0)
                    {
                        break;
                    }

                    if (done >= RepChunk || c._exitRequested)
                    {
                        c._icount += done - 1;
                        c._eip = i.IP32;
                        return Flow.Branch;
                    }

                    continue;
                }
            }

            uint si = c.Reg(6) & amask;
            uint di = c.Reg(7) & amask;
            switch (op)
            {
                case StrMovs:
                    {
                        if (!c.ReadW(w, o.Seg, si, out uint v))
                        {
                            return (c.StringFault(done, true, false, step, amask, rep ? 1u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        if (!c.WriteW(w, SegEs, di, v))
                        {
                            return (c.StringFault(done, true, true, step, amask, rep ? 2u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        c.StepIndex(6, step, amask);
                        c.StepIndex(7, step, amask);
                        break;
                    }

                case StrCmps:
                    {
                        // CMPS reads ES:DI first (the order the 80286 vectors show when one of them faults).
                        if (!c.ReadW(w, SegEs, di, out uint b))
                        {
                            return c.StringFault(done, false, true, step, amask, 0) ? Flow.Next : Flow.Fault;
                        }

                        if (!c.ReadW(w, o.Seg, si, out uint a))
                        {
                            return (c.StringFault(done, true, true, step, amask, rep ? 1u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        c.SetLazy(LfSub, a, b, a - b, SignOf(w));
                        c.StepIndex(6, step, amask);
                        c.StepIndex(7, step, amask);
                        break;
                    }

                case StrScas:
                    {
                        if (!c.ReadW(w, SegEs, di, out uint b))
                        {
                            return (c.StringFault(done, false, true, step, amask, rep ? 1u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        uint a = c.GetReg(w, 0, 0);
                        c.SetLazy(LfSub, a, b, a - b, SignOf(w));
                        c.StepIndex(7, step, amask);
                        break;
                    }

                case StrLods:
                    {
                        if (!c.ReadW(w, o.Seg, si, out uint v))
                        {
                            return (c.StringFault(done, true, false, step, amask, rep ? 1u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        c.SetReg(w, 0, 0, v);
                        c.StepIndex(6, step, amask);
                        break;
                    }

                case StrStos:
                    if (!c.WriteW(w, SegEs, di, c.GetReg(w, 0, 0)))
                    {
                        return (c.StringFault(done, false, true, step, amask, rep ? 2u : 0u)) ? Flow.Next : Flow.Fault;
                    }

                    c.StepIndex(7, step, amask);
                    break;
                case StrIns:
                    {
                        // The destination is checked before the port is read, so a fault has no I/O side effect.
                        if (!c.Check(SegEs, di, (uint)w, true, out _))
                        {
                            return (c.StringFault(done, false, true, step, amask, rep ? 2u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        uint v = c.PortIn(w, (ushort)c.Reg(2));
                        if (!c.WriteW(w, SegEs, di, v))
                        {
                            return (c.StringFault(done, false, true, step, amask, rep ? 2u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        c.StepIndex(7, step, amask);
                        break;
                    }

                default:
                    {
                        if (!c.ReadW(w, o.Seg, si, out uint v))
                        {
                            return (c.StringFault(done, true, false, step, amask, rep ? 1u : 0u)) ? Flow.Next : Flow.Fault;
                        }

                        c.PortOut(w, (ushort)c.Reg(2), v);
                        c.StepIndex(6, step, amask);
                        break;
                    }
            }

            done++;
            if (!rep)
            {
                return Flow.Next;
            }

            uint count = (c.Reg(1) - 1) & amask;
            c.Reg(1) = (c.Reg(1) & ~amask) | count;
            if (count == 0)
            {
                break;
            }

            if (op == StrCmps || op == StrScas)
            {
                bool zf = c.Zf();
                if ((o.Aux & StrRepne) != 0 ? zf : !zf)
                {
                    break;
                }
            }

            if (done >= RepChunk || c._exitRequested)
            {
                // Resume at this instruction: the loop counts it again when it re-executes.
                c._icount += done - 1;
                c._eip = i.IP32;
                return Flow.Branch;
            }
        }

        c._icount += done - 1;
        return Flow.Next;
    }

    /// <summary>
    /// REP MOVS/STOS going up (DF=0) inside plain RAM: moves as many elements as fit before a page
    /// end, the segment limit or <paramref name="max"/>, element by element in order (so overlapping
    /// moves behave as the one-at-a-time loop does). Returns 0 when the next element needs the
    /// general path (a page with code or a device, a page or limit boundary).
    /// </summary>
    private int RepBulk(int op, int w, int srcSeg, uint amask, int max)
    {
        uint count = Reg(1) & amask;
        uint di = Reg(7) & amask;
        ref SegmentCache es = ref _s[SegEs];
        if (!BulkPhys(ref es, di, true, out uint dPhys))
        {
            return 0;
        }

        if (di > es.Limit || _pageFlags[dPhys >> PhysicalMemory.PageShift] != PhysicalMemory.PageRamDirect)
        {
            return 0;
        }

        uint room = Math.Min((PhysicalMemory.PageSize - (dPhys & 0xFFF)) / (uint)w, (es.Limit - di + 1) / (uint)w);
        room = Math.Min(Math.Min(room, count), (uint)max);
        byte* dst = _ram + dPhys;
        if (op == StrStos)
        {
            if (room == 0)
            {
                return 0;
            }

            uint v = Reg(0);
            for (uint k = 0; k < room; k++)
            {
                switch (w)
                {
                    case 1:
                        dst[k] = (byte)v;
                        break;
                    case 2:
                        Unsafe.WriteUnaligned(dst + (k * 2), (ushort)v);
                        break;
                    default:
                        Unsafe.WriteUnaligned(dst + (k * 4), v);
                        break;
                }
            }
        }
        else
        {
            uint si = Reg(6) & amask;
            ref SegmentCache ss = ref _s[srcSeg];
            if (!BulkPhys(ref ss, si, false, out uint sPhys))
            {
                return 0;
            }

            if (si > ss.Limit || (_pageFlags[sPhys >> PhysicalMemory.PageShift] & PhysicalMemory.PageRamDirect) == 0)
            {
                return 0;
            }

            room = Math.Min(room, Math.Min((PhysicalMemory.PageSize - (sPhys & 0xFFF)) / (uint)w, (ss.Limit - si + 1) / (uint)w));
            if (room == 0)
            {
                return 0;
            }

            byte* src = _ram + sPhys;
            uint bytes = room * (uint)w;
            if (dst >= src + bytes || src >= dst + bytes || dst <= src)
            {
                Buffer.MemoryCopy(src, dst, bytes, bytes);
            }
            else
            {
                // Destination just above the source: element by element, each read before its write.
                for (uint k = 0; k < bytes; k += (uint)w)
                {
                    switch (w)
                    {
                        case 1:
                            dst[k] = src[k];
                            break;
                        case 2:
                            Unsafe.WriteUnaligned(dst + k, Unsafe.ReadUnaligned<ushort>(src + k));
                            break;
                        default:
                            Unsafe.WriteUnaligned(dst + k, Unsafe.ReadUnaligned<uint>(src + k));
                            break;
                    }
                }
            }

            Reg(6) = (Reg(6) & ~amask) | ((si + (room * (uint)w)) & amask);
        }

        Reg(7) = (Reg(7) & ~amask) | ((di + (room * (uint)w)) & amask);
        Reg(1) = (Reg(1) & ~amask) | (count - room);
        return (int)room;
    }

    /// <summary>
    /// Where a bulk string run at <paramref name="offset"/> in segment <paramref name="s"/> starts: the
    /// linear address without paging, the TLB's frame with paging when the page is in the TLB with the
    /// rights the access needs (as in <see cref="Check"/>). False sends the element to the general path,
    /// whose page walk fills the TLB for the next run.
    /// </summary>
    private bool BulkPhys(ref SegmentCache s, uint offset, bool write, out uint phys)
    {
        if ((write ? s.WriteLimit : s.ReadLimit) >= 0)
        {
            phys = (s.Base + offset) & _a20Mask;
            return true;
        }

        phys = 0;
        if ((write ? s.CheckedWriteLimit : s.CheckedReadLimit) < 0)
        {
            return false;
        }

        uint linear = s.Base + offset;
        uint vpn = linear >> 12;
        ref TlbEntry e = ref _tlb[vpn & (TlbSize - 1)];
        int need = write ? _tlbWriteNeed : _tlbReadNeed;
        if (e.Tag != vpn + 1 || (e.Flags & need) != need)
        {
            return false;
        }

        phys = e.Phys | (linear & 0xFFF);
        return true;
    }

    /// <summary>
    /// A fault inside an iteration. In real mode, as the 80286 vectors show (and the 686 is held to
    /// them, testdata/cpu/README.md), the index register of each access made so far, the faulting one
    /// included, has already advanced when #GP is raised, and under REP the count has dropped by
    /// <paramref name="countDrop"/> (1 after a faulting read, 2 after a faulting write, 0 when the
    /// first read of CMPS faults). In protected mode the faulting iteration leaves ESI, EDI and ECX as
    /// they were before it, so that the instruction restarts where it stopped after the handler has
    /// made the page present (SDM Vol. 2, REP: "the instruction can be restarted").
    /// </summary>
    private bool StringFault(int done, bool stepSi, bool stepDi, uint step, uint amask, uint countDrop)
    {
        if (_pe)
        {
            _icount += done;
            return false;
        }

        if (stepSi)
        {
            StepIndex(6, step, amask);
        }

        if (stepDi)
        {
            StepIndex(7, step, amask);
        }

        Reg(1) = (Reg(1) & ~amask) | ((Reg(1) - countDrop) & amask);

        _icount += done;
        return false;
    }

    private void StepIndex(int reg, uint step, uint amask)
    {
        ref uint r = ref Reg(reg);
        r = (r & ~amask) | ((r + step) & amask);
    }
}
