using Emu.Core.Cpu.X87;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// The x87 FPU's state and the rules every x87 instruction shares (SDM Vol. 1 ch. 8): eight 80-bit
/// registers as a stack with a TOP field and an empty bit per register, the control word's precision,
/// rounding and mask fields, the status word's condition codes and sticky exception flags. Arithmetic
/// is <see cref="Float80"/>'s. Stack overflow and underflow raise invalid with SF (SDM Vol. 1 8.5.1.1);
/// masked, the destination gets the real indefinite. An unmasked invalid, denormal or zero-divide
/// exception leaves the destination and the stack unchanged (SDM Vol. 1 4.9.2); the next waiting x87
/// instruction then raises #MF when CR0.NE is set (SDM Vol. 1 8.7). Not implemented: FERR# and IRQ 13
/// (CR0.NE=0: reported once as unsupported, and the instruction runs on), the bias-adjusted results of
/// unmasked overflow and underflow (the masked result is kept), the last-instruction and last-operand
/// pointers (stored as zero), and #NM for CR0.EM/TS.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const ushort FpuC0 = 1 << 8;
    private const ushort FpuC1 = 1 << 9;
    private const ushort FpuC2 = 1 << 10;
    private const ushort FpuC3 = 1 << 14;
    private const ushort FpuConditionCodes = FpuC0 | FpuC1 | FpuC2 | FpuC3;
    private const ushort FpuStackFault = 1 << 6;
    private const ushort FpuErrorSummary = (1 << 7) | (1 << 15); // ES and B, which mirrors it

    private readonly Float80[] _st = new Float80[8];
    private byte _fpuEmpty;
    private int _fpuTop;
    private ushort _fpuCw;
    private ushort _fpuSw;

    private void FpuInit()
    {
        _fpuCw = 0x037F;
        _fpuSw = 0;
        _fpuTop = 0;
        _fpuEmpty = 0xFF;
    }

    private ref Float80 St(int i) => ref _st[(_fpuTop + i) & 7];

    private bool StEmpty(int i) => (_fpuEmpty & (1 << ((_fpuTop + i) & 7))) != 0;

    /// <summary>Writes ST(i) and marks it valid.</summary>
    private void StSet(int i, Float80 v)
    {
        int r = (_fpuTop + i) & 7;
        _st[r] = v;
        _fpuEmpty &= (byte)~(1 << r);
    }

    /// <summary>The status word: TOP in bits 11-13, ES and B set while an unmasked exception flag is (SDM Vol. 1 8.1.3).</summary>
    private ushort FpuStatus
    {
        get
        {
            ushort sw = (ushort)((_fpuSw & ~(0x3800 | FpuErrorSummary)) | (_fpuTop << 11));
            return (sw & ~_fpuCw & 0x3F) != 0 ? (ushort)(sw | FpuErrorSummary) : sw;
        }
    }

    /// <summary>
    /// Pushes <paramref name="v"/>. Onto a full register: stack overflow (IE, SF, C1 = 1), and the
    /// masked response pushes the real indefinite; unmasked, nothing changes.
    /// </summary>
    private void FpuPush(Float80 v)
    {
        int top = (_fpuTop - 1) & 7;
        if ((_fpuEmpty & (1 << top)) == 0)
        {
            _fpuSw |= FpuC1 | FpuStackFault | (ushort)X87Flags.Invalid;
            if ((_fpuCw & (ushort)X87Flags.Invalid) == 0)
            {
                return;
            }

            v = Float80.Indefinite;
        }

        _fpuTop = top;
        _st[top] = v;
        _fpuEmpty &= (byte)~(1 << top);
    }

    private void FpuPop()
    {
        _fpuEmpty |= (byte)(1 << _fpuTop);
        _fpuTop = (_fpuTop + 1) & 7;
    }

    /// <summary>Stack underflow, an empty source register (SDM Vol. 1 8.5.1.1): IE and SF, C1 = 0. Returns whether IE is masked.</summary>
    private bool FpuUnderflow()
    {
        _fpuSw = (ushort)((_fpuSw & ~FpuC1) | FpuStackFault | (ushort)X87Flags.Invalid);
        return (_fpuCw & (ushort)X87Flags.Invalid) != 0;
    }

    /// <summary>
    /// Stack underflow for an instruction whose result replaces ST(0): the masked response puts
    /// the real indefinite in ST(0) (SDM Vol. 1 8.5.1.1); unmasked, ST(0) is left as it was.
    /// </summary>
    private void FpuUnderflowIntoSt0()
    {
        if (FpuUnderflow())
        {
            StSet(0, Float80.Indefinite);
        }
    }

    /// <summary>
    /// Records an operation's exception flags and sets C1 to its rounded-up bit (SDM Vol. 1 8.1.3.1).
    /// Returns false when an unmasked exception in <paramref name="blocking"/> means the destination
    /// stays unchanged.
    /// </summary>
    private bool FpuCommit(X87Flags flags, X87Flags blocking = X87Flags.Invalid | X87Flags.Denormal | X87Flags.ZeroDivide)
    {
        ushort f = (ushort)flags;
        _fpuSw = (ushort)((_fpuSw & ~FpuC1) | (f & (0x3F | FpuC1)));
        return (f & (ushort)blocking & ~_fpuCw) == 0;
    }

    /// <summary>Sets C0, C2 and C3 from a comparison and clears C1 (SDM Vol. 2 FCOM, Table 3-21).</summary>
    private void FpuSetRelation(X87Relation relation)
    {
        ushort cc = relation switch
        {
            X87Relation.Less => FpuC0,
            X87Relation.Equal => FpuC3,
            X87Relation.Unordered => FpuC0 | FpuC2 | FpuC3,
            _ => 0,
        };
        _fpuSw = (ushort)((_fpuSw & ~FpuConditionCodes) | cc);
    }

    /// <summary>
    /// A waiting x87 instruction first takes a pending unmasked exception (SDM Vol. 1 8.6, 8.7): #MF with
    /// CR0.NE set. Returns true when the instruction must stop with that fault.
    /// </summary>
    private bool FpuPendingFault()
    {
        if ((FpuStatus & FpuErrorSummary) == 0)
        {
            return false;
        }

        if ((_cr0 & 0x20) != 0)
        {
            Fault(16);
            return true;
        }

        ReportUnsupported("x87 exceptions reported through FERR# and IRQ 13 (CR0.NE=0) are not implemented by this CPU core");
        return false;
    }

    /// <summary>FWAIT: takes a pending unmasked x87 exception (SDM Vol. 2 WAIT/FWAIT).</summary>
    private static Flow FWait(Cpu c, ref Instruction i, ref Ops o) => c.FpuPendingFault() ? Flow.Fault : Flow.Next;

    /// <summary>The tag of physical register <paramref name="r"/> (SDM Vol. 1 8.1.7): 0 valid, 1 zero, 2 special (NaN, infinity, denormal, unsupported), 3 empty.</summary>
    private int TagOf(int r)
    {
        if ((_fpuEmpty & (1 << r)) != 0)
        {
            return 3;
        }

        return _st[r].Classify() switch
        {
            X87Class.Zero => 1,
            X87Class.Normal => 0,
            _ => 2,
        };
    }
}
