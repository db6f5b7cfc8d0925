using Emu.Core.Cpu.Model;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>HLT, flag instructions, CPUID, RDTSC, MSRs, control/debug registers, descriptor-table registers.</summary>
public sealed unsafe partial class Cpu
{
    /// <summary>CPUID(1).EAX of the default model (QEMU's qemu32: family 6, model 6, stepping 3; pc-platform-bios.md §3.1).</summary>
    public static uint CpuidSignature => CpuModels.Default.Signature;

    /// <summary>CPUID(1).EDX of the default model: qemu32's bits that this core implements (<see cref="CpuModels.Implemented"/>).</summary>
    public static uint CpuidFeaturesEdx => CpuModels.Default.Features.Leaf1Edx;

    private const uint Cr4Tsd = 1u << 2;
    private const uint Cr4De = 1u << 3;
    private const uint Cr4Pse = 1u << 4;
    private const uint Cr4Pge = 1u << 7;

    private readonly uint[] _dr = new uint[8];

    /// <summary>Called once per kind of guest request this core does not support (for logging), e.g. a call gate or a task switch.</summary>
    public Action<string>? Unsupported { get; set; }

    private readonly HashSet<string> _unsupportedSeen = [];

    /// <summary>Reports a guest request this core refuses, once per distinct text.</summary>
    private void ReportUnsupported(string text)
    {
        if (_unsupportedSeen.Add(text))
        {
            Unsupported?.Invoke(text);
        }
    }

    private static Flow Nop(Cpu c, ref Instruction i, ref Ops o) => Flow.Next;

    /// <summary>Instructions reserved to CPL 0 raise #GP(0) at any other level (SDM Vol. 3 5.9).</summary>
    private bool Privileged() => _cpl == 0 || Fault(13);

    /// <summary>CLI/STI need CPL ≤ IOPL in protected mode (SDM Vol. 2, CLI).</summary>
    private bool IoplAllows() => !_pe || _cpl <= (int)((_flags >> 12) & 3);

    private static Flow Hlt(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        c._halted = true;
        return Flow.Stop;
    }

    /// <summary>Flag instructions: Aux selects CLC STC CMC CLD STD CLI STI.</summary>
    private static Flow FlagOp(Cpu c, ref Instruction i, ref Ops o)
    {
        switch (o.Aux)
        {
            case 0:
                c.SetArith(FCf, 0);
                break;
            case 1:
                c.SetArith(FCf, FCf);
                break;
            case 2:
                c.SetArith(FCf, c.Cf() ^ 1);
                break;
            case 3:
                c._flags &= ~FDf;
                break;
            case 4:
                c._flags |= FDf;
                break;
            case 5:
                if (!c.IoplAllows())
                {
                    return c.Raise(13);
                }

                c._flags &= ~FIf;
                break;
            default:
                if (!c.IoplAllows())
                {
                    return c.Raise(13);
                }

                // STI: interrupts stay inhibited until after the next instruction (SDM Vol. 2, STI).
                if ((c._flags & FIf) == 0)
                {
                    c._shadow = true;
                }

                c._flags |= FIf;
                break;
        }

        return Flow.Next;
    }

    /// <summary>RDTSC: the time-stamp counter is the retired-instruction count (deterministic) plus what WRMSR set.</summary>
    private static Flow Rdtsc(Cpu c, ref Instruction i, ref Ops o)
    {
        if ((c._cr4 & Cr4Tsd) != 0 && c._pe && !c.Privileged())
        {
            return Flow.Fault;
        }

        ulong tsc = c.Tsc;
        c.Reg(0) = (uint)tsc;
        c.Reg(2) = (uint)(tsc >> 32);
        return Flow.Next;
    }

    /// <summary>INVD, WBINVD: no caches to write back; privileged.</summary>
    private static Flow CacheOp(Cpu c, ref Instruction i, ref Ops o) => c.Privileged() ? Flow.Next : Flow.Fault;

    /// <summary>INVLPG m: drops the TLB entry of the page holding the operand's linear address.</summary>
    private static Flow Invlpg(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        c.InvalidatePage(c._s[o.Seg].Base + c.Ea(ref o));
        return Flow.Next;
    }

    /// <summary>MOV r32, CRn (Aux = n).</summary>
    private static Flow MovFromCr(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        uint v = o.Aux switch
        {
            0 => c._cr0,
            2 => c._cr2,
            3 => c._cr3,
            _ => c._cr4,
        };
        c.Reg(o.R0) = v;
        return Flow.Next;
    }

    /// <summary>MOV CRn, r32 (SDM Vol. 3 2.5): CR3 flushes the TLB (global pages kept with CR4.PGE); CR4 reserved bits raise #GP(0).</summary>
    private static Flow MovToCr(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        uint v = c.Reg(o.R1);
        switch (o.Aux)
        {
            case 0:
                return c.WriteCr0(v) ? Flow.Next : Flow.Fault;
            case 2:
                c._cr2 = v;
                break;
            case 3:
                c._cr3 = v;
                c.FlushTlb((c._cr4 & Cr4Pge) != 0);
                break;
            default:
                if ((v & ~c._cr4Writable) != 0)
                {
                    return c.Raise(13);
                }

                c._cr4 = v;
                c.FlushTlb(false);
                break;
        }

        return Flow.Next;
    }

    /// <summary>
    /// CR0 (SDM Vol. 3 2.5): PG without PE raises #GP(0); ET is hardwired to 1. Changing PE switches
    /// between real-address and protected mode (CPL 0 until CS is reloaded); PG, WP and PE changes flush the TLB.
    /// </summary>
    private bool WriteCr0(uint value)
    {
        if ((value & 0x8000_0001) == 0x8000_0000)
        {
            return Fault(13);
        }

        uint old = _cr0;
        _cr0 = (value & 0xE005_003F) | 0x10;
        _pe = (_cr0 & 1) != 0;
        _paging = (_cr0 & 0x8000_0000) != 0;
        _wp = (_cr0 & 0x1_0000) != 0;
        if (!_pe)
        {
            _cpl = 0;
        }

        UpdateTlbRights();

        if (((old ^ _cr0) & 0x8001_0001) != 0)
        {
            FlushTlb(false);
            for (int k = 0; k < 6; k++)
            {
                SetFastLimits(ref _s[k]);
            }
        }

        return true;
    }

    private static Flow MovFromDr(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        if (!c.DebugRegister(o.Aux, out int n))
        {
            return Flow.Fault;
        }

        c.Reg(o.R0) = c._dr[n];
        return Flow.Next;
    }

    private static Flow MovToDr(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        if (!c.DebugRegister(o.Aux, out int n))
        {
            return Flow.Fault;
        }

        c._dr[n] = c.Reg(o.R1);
        return Flow.Next;
    }

    /// <summary>
    /// DR4 and DR5 (SDM Vol. 3 17.2.2): aliases of DR6 and DR7 while CR4.DE = 0, #UD with CR4.DE = 1.
    /// </summary>
    private bool DebugRegister(int aux, out int n)
    {
        n = aux & 7;
        if (n is 4 or 5)
        {
            if ((_cr4 & Cr4De) != 0)
            {
                return Fault(6);
            }

            n += 2;
        }

        return true;
    }

    private static Flow Smsw(Cpu c, ref Instruction i, ref Ops o)
    {
        if (o.R0 != Ops.NoReg)
        {
            c.SetReg(o.Width, o.R0, 0, c._cr0);
            return Flow.Next;
        }

        return c.Write16(o.Seg, c.Ea(ref o), (ushort)c._cr0) ? Flow.Next : Flow.Fault;
    }

    /// <summary>LMSW loads CR0 bits 0-3; it can set PE but not clear it (SDM Vol. 2, LMSW).</summary>
    private static Flow Lmsw(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged() || !c.ReadRm0(ref o, out uint v))
        {
            return Flow.Fault;
        }

        return c.WriteCr0((c._cr0 & ~0xEu) | (v & 0xF) | (c._cr0 & 1)) ? Flow.Next : Flow.Fault;
    }

    private static Flow Clts(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        c._cr0 &= ~8u;
        return Flow.Next;
    }

    /// <summary>LGDT/LIDT (Aux 0 = GDT, 1 = IDT): with a 16-bit operand only 24 bits of base load (SDM Vol. 2, LGDT).</summary>
    private static Flow LoadTable(Cpu c, ref Instruction i, ref Ops o)
    {
        if (!c.Privileged())
        {
            return Flow.Fault;
        }

        uint ea = c.Ea(ref o);
        if (!c.Read16(o.Seg, ea, out ushort limit) || !c.Read32(o.Seg, (ea + 2) & o.AddrMask, out uint b))
        {
            return Flow.Fault;
        }

        if (o.Width == 2)
        {
            b &= 0x00FF_FFFF;
        }

        if (o.Aux == 0)
        {
            c._gdtBase = b;
            c._gdtLimit = limit;
        }
        else
        {
            c._idtBase = b;
            c._idtLimit = limit;
        }

        return Flow.Next;
    }

    private static Flow StoreTable(Cpu c, ref Instruction i, ref Ops o)
    {
        uint ea = c.Ea(ref o);
        uint limit = o.Aux == 0 ? c._gdtLimit : c._idtLimit;
        uint b = o.Aux == 0 ? c._gdtBase : c._idtBase;
        return c.Write16(o.Seg, ea, (ushort)limit) && c.Write32(o.Seg, (ea + 2) & o.AddrMask, b) ? Flow.Next : Flow.Fault;
    }
}
