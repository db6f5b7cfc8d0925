using System.Runtime.CompilerServices;
using Emu.Core.Memory;

namespace Emu.Core.Cpu;

/// <summary>
/// 32-bit paging (SDM Vol. 3 4.3): 4 KiB pages through a page directory and page tables, 4 MiB pages
/// with CR4.PSE, global pages with CR4.PGE, a direct-mapped TLB (flushed by a CR3 write except for
/// global entries, by INVLPG per page, entirely by CR0/CR4 writes), accessed and dirty bits (SDM Vol. 3
/// 4.8), U/S and R/W checks (CR0.WP for supervisor writes, 4.6) and #PF with CR2 and the error code
/// (4.7: bit 0 P, bit 1 W/R, bit 2 U/S).
/// </summary>
public sealed unsafe partial class Cpu
{
    private const int TlbSize = 1024;
    private const int TlbUser = 1;
    private const int TlbWrite = 2;
    private const int TlbDirty = 4;
    private const int TlbGlobal = 8;
    private const int TlbLarge = 16;

    private readonly TlbEntry[] _tlb = new TlbEntry[TlbSize];
    private bool _paging;
    private bool _wp;
    private bool _tlbHasLarge;

    /// <summary>
    /// The TLB flag bits a data read or write needs at the current CPL and CR0.WP to hit in the inlined
    /// fast path (SDM Vol. 3 4.6): user reads need U; user writes need U, W and an already dirty page;
    /// supervisor writes need a dirty page, and W when CR0.WP is set. Anything else takes the walk.
    /// </summary>
    private int _tlbReadNeed;

    private int _tlbWriteNeed = TlbDirty;

    /// <summary>Physical address of the second page of a page-crossing access under paging.</summary>
    private uint _splitPhys;

    /// <summary>Translates a data access at the current CPL; a page-crossing access checks both pages first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TranslateData(uint linear, uint size, bool write, out uint phys)
    {
        bool user = _cpl == 3;
        if (!TranslatePage(linear, write, user, out phys))
        {
            return false;
        }

        if ((linear & 0xFFF) + size > 0x1000)
        {
            if (!TranslatePage((linear + size - 1) & 0xFFFF_F000, write, user, out uint second))
            {
                return false;
            }

            _splitPhys = second;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TranslatePage(uint linear, bool write, bool user, out uint phys)
    {
        uint vpn = linear >> 12;
        ref TlbEntry e = ref _tlb[vpn & (TlbSize - 1)];
        if (e.Tag == vpn + 1)
        {
            int f = e.Flags;
            bool ok = (!user || (f & TlbUser) != 0)
                && (!write || ((f & TlbDirty) != 0 && ((f & TlbWrite) != 0 || (!user && !_wp))));
            if (ok)
            {
                phys = e.Phys | (linear & 0xFFF);
                return true;
            }
        }

        return Walk(linear, write, user, true, out phys);
    }

    /// <summary>
    /// The page walk: checks presence and rights, sets the accessed bits (and dirty on a write), fills
    /// the TLB. With <paramref name="raise"/> false a failure only returns false (a probe).
    /// </summary>
    private bool Walk(uint linear, bool write, bool user, bool raise, out uint phys)
    {
        phys = 0;
        uint pdeAddr = ((_cr3 & 0xFFFF_F000) | ((linear >> 20) & 0xFFC)) & _a20Mask;
        uint pde = _memory.Read32(pdeAddr);
        if ((pde & 1) == 0)
        {
            return raise && PageFault(linear, false, write, user);
        }

        bool large = (pde & 0x80) != 0 && (_cr4 & Cr4Pse) != 0;
        uint entry;
        uint entryAddr;
        uint rights;
        uint pageBase;
        if (large)
        {
            entry = pde;
            entryAddr = pdeAddr;
            rights = pde;
            pageBase = (pde & 0xFFC0_0000) | (linear & 0x003F_F000);
        }
        else
        {
            entryAddr = ((pde & 0xFFFF_F000) | ((linear >> 10) & 0xFFC)) & _a20Mask;
            entry = _memory.Read32(entryAddr);
            if ((entry & 1) == 0)
            {
                return raise && PageFault(linear, false, write, user);
            }

            rights = pde & entry;
            pageBase = entry & 0xFFFF_F000;
        }

        bool userOk = (rights & 4) != 0;
        bool writable = (rights & 2) != 0;
        if ((user && !userOk) || (write && !writable && (user || _wp)))
        {
            return raise && PageFault(linear, true, write, user);
        }

        if (!large && (pde & 0x20) == 0)
        {
            _memory.Write32(pdeAddr, pde | 0x20);
        }

        uint updated = entry | 0x20 | (write ? 0x40u : 0u);
        if (updated != entry)
        {
            _memory.Write32(entryAddr, updated);
        }

        uint vpn = linear >> 12;
        ref TlbEntry e = ref _tlb[vpn & (TlbSize - 1)];
        e.Tag = vpn + 1;
        e.Phys = pageBase;
        e.Flags = (userOk ? TlbUser : 0) | (writable ? TlbWrite : 0) | ((updated & 0x40) != 0 ? TlbDirty : 0)
            | ((entry & 0x100) != 0 && (_cr4 & Cr4Pge) != 0 ? TlbGlobal : 0) | (large ? TlbLarge : 0);
        _tlbHasLarge |= large;
        phys = pageBase | (linear & 0xFFF);
        return true;
    }

    /// <summary>Recomputes <see cref="_tlbReadNeed"/> and <see cref="_tlbWriteNeed"/> after a CPL or CR0.WP change.</summary>
    private void UpdateTlbRights()
    {
        bool user = _cpl == 3;
        _tlbReadNeed = user ? TlbUser : 0;
        _tlbWriteNeed = user ? TlbUser | TlbWrite | TlbDirty : _wp ? TlbWrite | TlbDirty : TlbDirty;
    }

    private bool PageFault(uint linear, bool present, bool write, bool user)
    {
        _cr2 = linear;
        return FaultCode(14, (present ? 1 : 0) | (write ? 2 : 0) | (user ? 4 : 0));
    }

    /// <summary>Empties the TLB; with <paramref name="keepGlobal"/> entries of global pages stay (a CR3 write with CR4.PGE).</summary>
    private void FlushTlb(bool keepGlobal)
    {
        bool large = false;
        for (int k = 0; k < TlbSize; k++)
        {
            ref TlbEntry e = ref _tlb[k];
            if (keepGlobal && (e.Flags & TlbGlobal) != 0)
            {
                large |= (e.Flags & TlbLarge) != 0;
                continue;
            }

            e.Tag = 0;
        }

        _tlbHasLarge = large;
        _codeEpoch++;
    }

    /// <summary>INVLPG: drops the page's entry; a 4 MiB page may fill several entries, so then all go.</summary>
    private void InvalidatePage(uint linear)
    {
        if (_tlbHasLarge)
        {
            FlushTlb(false);
            return;
        }

        uint vpn = linear >> 12;
        ref TlbEntry e = ref _tlb[vpn & (TlbSize - 1)];
        if (e.Tag == vpn + 1)
        {
            e.Tag = 0;
        }

        _codeEpoch++;
    }

    /// <summary>A supervisor or user access by linear address (descriptor tables, the IDT, the TSS, stack switches).</summary>
    private bool ReadLinear(uint linear, int size, bool user, out uint value)
    {
        value = 0;
        if (!_paging)
        {
            uint p = linear & _a20Mask;
            value = size switch
            {
                1 => _memory.Read8(p),
                2 => _memory.Read16(p),
                _ => _memory.Read32(p),
            };
            return true;
        }

        if (!TranslatePage(linear, false, user, out uint phys))
        {
            return false;
        }

        if ((linear & 0xFFF) + (uint)size > 0x1000)
        {
            if (!TranslatePage((linear + (uint)size - 1) & 0xFFFF_F000, false, user, out _splitPhys))
            {
                return false;
            }

            value = ReadSplit(phys, size);
            return true;
        }

        value = size switch
        {
            1 => _memory.Read8(phys),
            2 => _memory.Read16(phys),
            _ => _memory.Read32(phys),
        };
        return true;
    }

    private bool WriteLinear(uint linear, int size, bool user, uint value)
    {
        if (!_paging)
        {
            WritePhys(linear & _a20Mask, size, value);
            return true;
        }

        if (!TranslatePage(linear, true, user, out uint phys))
        {
            return false;
        }

        if ((linear & 0xFFF) + (uint)size > 0x1000)
        {
            if (!TranslatePage((linear + (uint)size - 1) & 0xFFFF_F000, true, user, out _splitPhys))
            {
                return false;
            }

            WriteSplit(phys, size, value);
            return true;
        }

        WritePhys(phys, size, value);
        return true;
    }

    private void WritePhys(uint phys, int size, uint value)
    {
        switch (size)
        {
            case 1:
                _memory.Write8(phys, (byte)value);
                break;
            case 2:
                _memory.Write16(phys, (ushort)value);
                break;
            default:
                _memory.Write32(phys, value);
                break;
        }
    }

    /// <summary>The byte at offset <paramref name="k"/> of an access that may continue on <see cref="_splitPhys"/>'s page.</summary>
    private uint SplitAddress(uint phys, int k) =>
        (phys & 0xFFF) + (uint)k >= 0x1000 ? _splitPhys + ((phys + (uint)k) & 0xFFF) : phys + (uint)k;

    private uint ReadSplit(uint phys, int size)
    {
        uint v = 0;
        for (int k = 0; k < size; k++)
        {
            v |= (uint)_memory.Read8(SplitAddress(phys, k)) << (8 * k);
        }

        return v;
    }

    private void WriteSplit(uint phys, int size, uint value)
    {
        for (int k = 0; k < size; k++)
        {
            _memory.Write8(SplitAddress(phys, k), (byte)(value >> (8 * k)));
        }
    }

    /// <summary>The slow half of a 16-bit read: a device page, or a page-crossing access (split under paging).</summary>
    private ushort ReadSlow16(uint phys) =>
        _paging && (phys & 0xFFF) == 0xFFF ? (ushort)ReadSplit(phys, 2) : _memory.Read16(phys);

    private uint ReadSlow32(uint phys) =>
        _paging && (phys & 0xFFF) > 0xFFC ? ReadSplit(phys, 4) : _memory.Read32(phys);

    private void WriteSlow16(uint phys, ushort value)
    {
        if (_paging && (phys & 0xFFF) == 0xFFF)
        {
            WriteSplit(phys, 2, value);
        }
        else
        {
            _memory.Write16(phys, value);
        }
    }

    private void WriteSlow32(uint phys, uint value)
    {
        if (_paging && (phys & 0xFFF) > 0xFFC)
        {
            WriteSplit(phys, 4, value);
        }
        else
        {
            _memory.Write32(phys, value);
        }
    }

    /// <summary>The physical address of an instruction fetch at <paramref name="linear"/> (at the current CPL).</summary>
    private bool TranslateFetch(uint linear, out uint phys)
    {
        if (!_paging)
        {
            phys = linear & _a20Mask;
            return true;
        }

        return TranslatePage(linear, false, _cpl == 3, out phys);
    }
}
