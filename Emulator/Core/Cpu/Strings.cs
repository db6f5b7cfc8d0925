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

    private static bool StringOp(Cpu c, ref Instruction i, ref Ops o)
    {
        int op = o.Aux & 7;
        bool addr32 = (o.Aux & StrAddr32) != 0;
        uint amask = addr32 ? 0xFFFF_FFFF : 0xFFFF;
        bool rep = (o.Aux & (StrRep | StrRepne)) != 0;
        int w = o.Width;
        uint step = (c._flags & FDf) != 0 ? (uint)-w : (uint)w;
        if (rep && (c.Reg(1) & amask) == 0)
        {
            return true;
        }

        int done = 0;
        while (true)
        {
            uint si = c.Reg(6) & amask;
            uint di = c.Reg(7) & amask;
            switch (op)
            {
                case StrMovs:
                    {
                        if (!c.ReadW(w, o.Seg, si, out uint v) || !c.WriteW(w, SegEs, di, v))
                        {
                            return c.StringFault(done);
                        }

                        c.StepIndex(6, step, amask);
                        c.StepIndex(7, step, amask);
                        break;
                    }

                case StrCmps:
                    {
                        if (!c.ReadW(w, o.Seg, si, out uint a) || !c.ReadW(w, SegEs, di, out uint b))
                        {
                            return c.StringFault(done);
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
                            return c.StringFault(done);
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
                            return c.StringFault(done);
                        }

                        c.SetReg(w, 0, 0, v);
                        c.StepIndex(6, step, amask);
                        break;
                    }

                case StrStos:
                    if (!c.WriteW(w, SegEs, di, c.GetReg(w, 0, 0)))
                    {
                        return c.StringFault(done);
                    }

                    c.StepIndex(7, step, amask);
                    break;
                case StrIns:
                    {
                        // The destination is checked before the port is read, so a fault has no I/O side effect.
                        if (!c.Check(SegEs, di, (uint)w, out _))
                        {
                            return c.StringFault(done);
                        }

                        uint v = c.PortIn(w, (ushort)c.Reg(2));
                        if (!c.WriteW(w, SegEs, di, v))
                        {
                            return c.StringFault(done);
                        }

                        c.StepIndex(7, step, amask);
                        break;
                    }

                default:
                    {
                        if (!c.ReadW(w, o.Seg, si, out uint v))
                        {
                            return c.StringFault(done);
                        }

                        c.PortOut(w, (ushort)c.Reg(2), v);
                        c.StepIndex(6, step, amask);
                        break;
                    }
            }

            done++;
            if (!rep)
            {
                return true;
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

            if (done >= RepChunk || c._stop)
            {
                // Resume at this instruction: the loop counts it again when it re-executes.
                c._icount += done - 1;
                c._eip = i.IP32;
                return false;
            }
        }

        c._icount += done - 1;
        return true;
    }

    private bool StringFault(int done)
    {
        _icount += done;
        return false;
    }

    private void StepIndex(int reg, uint step, uint amask)
    {
        ref uint r = ref Reg(reg);
        r = (r & ~amask) | ((r + step) & amask);
    }
}
