using System.Runtime.CompilerServices;
using Emu.Core.Memory;

namespace Emu.Core.Cpu;

/// <summary>
/// Segmented memory access and a direct path into the RAM buffer. The inlined check compares the
/// offset with the segment's fast read or write limit (-1 whenever the full check is needed, and
/// always with paging on, see <see cref="SegmentCache"/>); the out-of-line check handles the rest,
/// and with paging sends the linear address through the TLB.
/// A failed check sets the pending fault and returns false; the handler returns Flow.Fault and the
/// block executor delivers the fault with the faulting instruction's address.
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int SegEs = 0;
    private const int SegCs = 1;
    private const int SegSs = 2;
    private const int SegDs = 3;
    private const int SegFs = 4;
    private const int SegGs = 5;

    private uint _a20Mask = 0xFFFF_FFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Check(int seg, uint offset, uint size, bool write, out uint phys)
    {
        ref SegmentCache s = ref _s[seg];
        long last = (long)offset + (size - 1);
        if (last > (write ? s.WriteLimit : s.ReadLimit))
        {
            // With paging the fast limits are -1 and the checked ones are the real limits: an access
            // inside the segment whose page is in the TLB with the rights it needs, and which does not
            // cross into the next page, goes straight to its physical address (a TLB hit).
            if (last <= (write ? s.CheckedWriteLimit : s.CheckedReadLimit))
            {
                uint linear = s.Base + offset;
                uint vpn = linear >> 12;
                ref TlbEntry e = ref _tlb[vpn & (TlbSize - 1)];
                int need = write ? _tlbWriteNeed : _tlbReadNeed;
                if (e.Tag == vpn + 1 && (e.Flags & need) == need && (linear & 0xFFF) <= 0x1000 - size)
                {
                    phys = e.Phys | (linear & 0xFFF);
                    return true;
                }
            }

            return CheckSlow(seg, offset, size, write, out phys);
        }

        phys = (s.Base + offset) & _a20Mask;
        return true;
    }

    /// <summary>
    /// The full segment check (SDM Vol. 3 5.3 limit checking, 5.4 type checking): in real mode the
    /// limit only; in protected mode a null segment, a write to a read-only or code segment, a read of
    /// an execute-only segment, and expand-down limits (valid offsets are limit+1 … 64 KiB or 4 GiB - 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CheckSlow(int seg, uint offset, uint size, bool write, out uint phys)
    {
        ref SegmentCache s = ref _s[seg];
        if (_paging && (long)offset + (size - 1) <= (write ? s.CheckedWriteLimit : s.CheckedReadLimit))
        {
            return TranslateData(s.Base + offset, size, write, out phys);
        }

        phys = 0;
        ulong last = (ulong)offset + size - 1;
        if (!_pe)
        {
            if (last > s.Limit)
            {
                return LimitFault(seg);
            }
        }
        else
        {
            int type = s.Attr & 0xF;
            bool code = (type & 8) != 0;
            if ((s.Attr & 0x80) == 0 || (write ? code || (type & 2) == 0 : code && (type & 2) == 0))
            {
                return LimitFault(seg);
            }

            if (!code && (type & 4) != 0)
            {
                ulong upper = (s.Attr & 0x4000) != 0 ? 0xFFFF_FFFFul : 0xFFFFul;
                if (offset <= s.Limit || last > upper)
                {
                    return LimitFault(seg);
                }
            }
            else if (last > s.Limit)
            {
                return LimitFault(seg);
            }
        }

        uint linear = s.Base + offset;
        if (_paging)
        {
            return TranslateData(linear, size, write, out phys);
        }

        phys = linear & _a20Mask;
        return true;
    }

    /// <summary>
    /// A limit or access-rights violation. Protected mode: #SS(0) through SS, #GP(0) otherwise (SDM Vol. 3
    /// 6.15). Real mode: the SDM lists #SS(0) for SS, but the real-mode 80286 vectors (which the 686
    /// matches, testdata/cpu/README.md) show #GP(0) for stack accesses too.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool LimitFault(int seg) => FaultCode(_pe && seg == SegSs ? 12 : 13, 0);

    /// <summary>Records exception <paramref name="vector"/> for the executor and ends the instruction (a handler's result).</summary>
    private Flow Raise(int vector)
    {
        Fault(vector);
        return Flow.Fault;
    }

    /// <summary>As <see cref="Raise"/>, with an error code.</summary>
    private Flow RaiseCode(int vector, int code)
    {
        FaultCode(vector, code);
        return Flow.Fault;
    }

    private bool Fault(int vector)
    {
        _fault = vector;
        _faultCode = 0;
        return false;
    }

    private bool FaultCode(int vector, int code)
    {
        _fault = vector;
        _faultCode = code;
        return false;
    }

    internal bool Read8(int seg, uint offset, out byte value)
    {
        if (!Check(seg, offset, 1, false, out uint phys))
        {
            value = 0;
            return false;
        }

        value = (_pageFlags[phys >> PhysicalMemory.PageShift] & PhysicalMemory.PageRamDirect) != 0 ? _ram[phys] : _memory.Read8(phys);
        return true;
    }

    internal bool Read16(int seg, uint offset, out ushort value)
    {
        if (!Check(seg, offset, 2, false, out uint phys))
        {
            value = 0;
            return false;
        }

        if ((_pageFlags[phys >> PhysicalMemory.PageShift] & PhysicalMemory.PageRamDirect) != 0 && (phys & 0xFFF) <= 0xFFE)
        {
            value = Unsafe.ReadUnaligned<ushort>(_ram + phys);
        }
        else
        {
            value = ReadSlow16(phys);
        }

        return true;
    }

    internal bool Read32(int seg, uint offset, out uint value)
    {
        if (!Check(seg, offset, 4, false, out uint phys))
        {
            value = 0;
            return false;
        }

        if ((_pageFlags[phys >> PhysicalMemory.PageShift] & PhysicalMemory.PageRamDirect) != 0 && (phys & 0xFFF) <= 0xFFC)
        {
            value = Unsafe.ReadUnaligned<uint>(_ram + phys);
        }
        else
        {
            value = ReadSlow32(phys);
        }

        return true;
    }

    internal bool Write8(int seg, uint offset, byte value)
    {
        if (!Check(seg, offset, 1, true, out uint phys))
        {
            return false;
        }

        if (_pageFlags[phys >> PhysicalMemory.PageShift] == PhysicalMemory.PageRamDirect)
        {
            _ram[phys] = value;
        }
        else
        {
            _memory.Write8(phys, value);
        }

        return true;
    }

    internal bool Write16(int seg, uint offset, ushort value)
    {
        if (!Check(seg, offset, 2, true, out uint phys))
        {
            return false;
        }

        if (_pageFlags[phys >> PhysicalMemory.PageShift] == PhysicalMemory.PageRamDirect && (phys & 0xFFF) <= 0xFFE)
        {
            Unsafe.WriteUnaligned(_ram + phys, value);
        }
        else
        {
            WriteSlow16(phys, value);
        }

        return true;
    }

    internal bool Write32(int seg, uint offset, uint value)
    {
        if (!Check(seg, offset, 4, true, out uint phys))
        {
            return false;
        }

        if (_pageFlags[phys >> PhysicalMemory.PageShift] == PhysicalMemory.PageRamDirect && (phys & 0xFFF) <= 0xFFC)
        {
            Unsafe.WriteUnaligned(_ram + phys, value);
        }
        else
        {
            WriteSlow32(phys, value);
        }

        return true;
    }

    /// <summary>Reads an operand of <paramref name="width"/> bytes (1, 2 or 4).</summary>
    internal bool ReadW(int width, int seg, uint offset, out uint value)
    {
        bool ok;
        switch (width)
        {
            case 1:
                ok = Read8(seg, offset, out byte b);
                value = b;
                return ok;
            case 2:
                ok = Read16(seg, offset, out ushort w);
                value = w;
                return ok;
            default:
                return Read32(seg, offset, out value);
        }
    }

    internal bool WriteW(int width, int seg, uint offset, uint value) => width switch
    {
        1 => Write8(seg, offset, (byte)value),
        2 => Write16(seg, offset, (ushort)value),
        _ => Write32(seg, offset, value),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint Ea(ref Ops o) => (Reg(o.Base) + (Reg(o.Index) << o.Shift) + o.Disp) & o.AddrMask;

    /// <summary>
    /// <see cref="Ea"/> with the operand's parts as values, for the IL tier, which passes them as constants: an
    /// absent base or index (<see cref="Ops.ZeroReg"/>) then costs nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint EaForm(Cpu c, byte @base, byte index, byte shift, uint disp, uint addrMask)
    {
        uint b = @base == Ops.ZeroReg ? 0 : c.Reg(@base);
        uint x = index == Ops.ZeroReg ? 0 : c.Reg(index) << shift;
        return (b + x + disp) & addrMask;
    }

    /// <summary>Reads operand 0 (register or memory) at the instruction's width.</summary>
    internal bool ReadRm0(ref Ops o, out uint value)
    {
        if (o.R0 != Ops.NoReg)
        {
            value = GetReg(o.Width, o.R0, o.R0Sh);
            return true;
        }

        return ReadW(o.Width, o.Seg, Ea(ref o), out value);
    }

    /// <summary>Reads operand 1 (register or memory) at <paramref name="width"/>.</summary>
    internal bool ReadRm1(ref Ops o, int width, out uint value)
    {
        if (o.R1 != Ops.NoReg)
        {
            value = GetReg(width, o.R1, o.R1Sh);
            return true;
        }

        return ReadW(width, o.Seg, Ea(ref o), out value);
    }

    internal bool WriteRm0(ref Ops o, uint value)
    {
        if (o.R0 != Ops.NoReg)
        {
            SetReg(o.Width, o.R0, o.R0Sh, value);
            return true;
        }

        return WriteW(o.Width, o.Seg, Ea(ref o), value);
    }

    internal uint GetReg(int width, int index, int shift) => width switch
    {
        1 => (_r[index] >> shift) & 0xFF,
        2 => _r[index] & 0xFFFF,
        _ => _r[index],
    };

    internal void SetReg(int width, int index, int shift, uint value)
    {
        ref uint r = ref _r[index];
        switch (width)
        {
            case 1:
                r = (r & ~(0xFFu << shift)) | ((value & 0xFF) << shift);
                break;
            case 2:
                r = (r & 0xFFFF_0000) | (value & 0xFFFF);
                break;
            default:
                r = value;
                break;
        }
    }

    internal bool Push16(uint value)
    {
        uint sp = (_r[4] - 2) & _spMask;
        if (!Write16(SegSs, sp, (ushort)value))
        {
            return false;
        }

        _r[4] = (_r[4] & ~_spMask) | sp;
        return true;
    }

    internal bool Push32(uint value)
    {
        uint sp = (_r[4] - 4) & _spMask;
        if (!Write32(SegSs, sp, value))
        {
            return false;
        }

        _r[4] = (_r[4] & ~_spMask) | sp;
        return true;
    }

    internal bool PushW(int width, uint value) => width == 4 ? Push32(value) : Push16(value);

    /// <summary>Reads the stack word/dword <paramref name="depth"/> bytes above SP without popping.</summary>
    internal bool PeekW(int width, uint depth, out uint value) => ReadW(width, SegSs, (_r[4] + depth) & _spMask, out value);

    internal void AddSp(uint bytes) => _r[4] = (_r[4] & ~_spMask) | ((_r[4] + bytes) & _spMask);

    internal bool PopW(int width, out uint value)
    {
        if (!PeekW(width, 0, out value))
        {
            return false;
        }

        AddSp((uint)width);
        return true;
    }

    private ushort ReadPhys16(uint linear) => _memory.Read16(linear & _a20Mask);

    private void WritePhys16(uint linear, ushort value)
    {
        uint phys = linear & _a20Mask;
        if (_pageFlags[phys >> PhysicalMemory.PageShift] == PhysicalMemory.PageRamDirect && (phys & 0xFFF) <= 0xFFE)
        {
            Unsafe.WriteUnaligned(_ram + phys, value);
        }
        else
        {
            _memory.Write16(phys, value);
        }
    }
}
