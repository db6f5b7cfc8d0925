using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// ROL ROR RCL RCR SHL/SAL SHR SAR and SHLD/SHRD. The count is masked to 5 bits (SDM Vol. 2, SAL/SAR/SHL/SHR:
/// "the count is masked to 5 bits"); RCL/RCR of 8/16-bit operands rotate by the count modulo 9/17.
/// OF is computed as for a count of 1; the SDM leaves it undefined for larger counts.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const byte ShiftByCl = 8;

    private static Flow Shift(Cpu c, ref Instruction i, ref Ops o)
    {
        uint cnt = ((o.Aux & ShiftByCl) != 0 ? c.Reg(1) : o.Imm) & 0x1F;
        if (!c.ReadRm0(ref o, out uint a))
        {
            return Flow.Fault;
        }

        if (cnt == 0)
        {
            return Flow.Next;
        }

        int w = o.Width;
        int bits = w * 8;
        uint mask = MaskOf(w);
        uint sign = SignOf(w);
        c.Materialize();
        uint cfIn = c._flags & FCf;
        uint r;
        uint cf;
        bool of;
        bool rotate = true;
        switch (o.Aux & 7)
        {
            case 0:
                {
                    int n = (int)(cnt % (uint)bits);
                    r = n == 0 ? a : ((a << n) | (a >> (bits - n))) & mask;
                    cf = r & 1;
                    of = ((r & sign) != 0) ^ (cf != 0);
                    break;
                }

            case 1:
                {
                    int n = (int)(cnt % (uint)bits);
                    r = n == 0 ? a : ((a >> n) | (a << (bits - n))) & mask;
                    cf = (r & sign) != 0 ? 1u : 0u;
                    of = ((r ^ (r << 1)) & sign) != 0;
                    break;
                }

            case 2:
                {
                    int n = (int)(w == 4 ? cnt : cnt % (uint)(bits + 1));
                    if (n == 0)
                    {
                        return Flow.Next;
                    }

                    ulong full = (1UL << (bits + 1)) - 1;
                    ulong v = ((ulong)cfIn << bits) | a;
                    ulong rot = ((v << n) | (v >> (bits + 1 - n))) & full;
                    r = (uint)rot & mask;
                    cf = (uint)(rot >> bits) & 1;
                    of = ((r & sign) != 0) ^ (cf != 0);
                    break;
                }

            case 3:
                {
                    int n = (int)(w == 4 ? cnt : cnt % (uint)(bits + 1));
                    if (n == 0)
                    {
                        return Flow.Next;
                    }

                    of = ((a & sign) != 0) ^ (cfIn != 0);
                    ulong full = (1UL << (bits + 1)) - 1;
                    ulong v = ((ulong)cfIn << bits) | a;
                    ulong rot = ((v >> n) | (v << (bits + 1 - n))) & full;
                    r = (uint)rot & mask;
                    cf = (uint)(rot >> bits) & 1;
                    break;
                }

            case 5:
                r = a >> (int)cnt;
                cf = (a >> (int)(cnt - 1)) & 1;
                of = (a & sign) != 0;
                rotate = false;
                break;
            case 7:
                {
                    int sa = w == 1 ? (sbyte)a : w == 2 ? (short)a : (int)a;
                    r = (uint)(sa >> (int)cnt) & mask;
                    cf = (uint)(sa >> (int)(cnt - 1)) & 1;
                    of = false;
                    rotate = false;
                    break;
                }

            default:
                {
                    ulong v = (ulong)a << (int)cnt;
                    r = (uint)v & mask;
                    cf = (uint)(v >> bits) & 1;
                    of = ((r & sign) != 0) ^ (cf != 0);
                    rotate = false;
                    break;
                }
        }

        uint f = (c._flags & ~(FCf | FOf)) | cf | (of ? FOf : 0);
        if (rotate)
        {
            c._flags = f;
        }
        else
        {
            c._flags = f & ~FAf;
            c._lfKind = LfZsp;
            c._lfRes = r;
            c._lfSign = sign;
        }

        return c.WriteRm0(ref o, r) ? Flow.Next : Flow.Fault;
    }

    /// <summary>SHLD/SHRD (Aux bit 0 = right). For 16-bit operands and counts above 16 the result is undefined (SDM).</summary>
    private static Flow ShiftDouble(Cpu c, ref Instruction i, ref Ops o)
    {
        uint cnt = ((o.Aux & ShiftByCl) != 0 ? c.Reg(1) : o.Imm) & 0x1F;
        if (!c.ReadRm0(ref o, out uint a))
        {
            return Flow.Fault;
        }

        if (cnt == 0)
        {
            return Flow.Next;
        }

        int w = o.Width;
        uint b = c.GetReg(w, o.R1, o.R1Sh);
        bool right = (o.Aux & 1) != 0;
        uint r;
        uint cf;
        if (w == 2)
        {
            if (right)
            {
                ulong v = ((ulong)b << 16) | a | ((ulong)a << 32);
                r = (uint)(v >> (int)cnt) & 0xFFFF;
                cf = (uint)(v >> (int)(cnt - 1)) & 1;
            }
            else
            {
                ulong v = ((ulong)a << 32) | ((ulong)b << 16) | a;
                r = (uint)((v << (int)cnt) >> 32) & 0xFFFF;
                cf = (uint)((v << (int)(cnt - 1)) >> 47) & 1;
            }
        }
        else if (right)
        {
            ulong v = ((ulong)b << 32) | a;
            r = (uint)(v >> (int)cnt);
            cf = (a >> (int)(cnt - 1)) & 1;
        }
        else
        {
            ulong v = ((ulong)a << 32) | b;
            r = (uint)((v << (int)cnt) >> 32);
            cf = (a >> (32 - (int)cnt)) & 1;
        }

        uint sign = SignOf(w);
        c.Materialize();
        c._flags = (c._flags & ~(FCf | FOf | FAf)) | cf | (((a ^ r) & sign) != 0 ? FOf : 0);
        c._lfKind = LfZsp;
        c._lfRes = r;
        c._lfSign = sign;
        return c.WriteRm0(ref o, r) ? Flow.Next : Flow.Fault;
    }
}
