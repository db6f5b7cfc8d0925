using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Emu.Core.Memory;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>The decoded-block cache and the block executor (style.md §2).</summary>
public sealed unsafe partial class Cpu
{
    /// <summary>
    /// The run loop: between blocks, take a pending interrupt (IF=1, no shadow) and stop on HLT,
    /// <see cref="RequestExit"/> or the budget; inside a block, call each handler in turn. A handler
    /// returns false when it transferred control or faulted (then EIP is already set, or the fault
    /// is delivered here with the faulting instruction's address).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunBlocks(long target)
    {
        // The block just run, kept while no code was written since, so that a loop branching back
        // to its own start runs again without a cache lookup.
        DecodedBlock? last = null;
        long lastEpoch = 0;
        uint lastCsBase = 0;
        while (true)
        {
            long budget = target - _icount;
            if (budget <= 0 || _exitRequested)
            {
                return;
            }

            if (_shadow)
            {
                _shadow = false;
            }
            else if ((_flags & FIf) != 0 && InterruptSource is { } source && source.IntrAsserted)
            {
                byte vector = source.Acknowledge();
                _halted = false;
                DeliverInterrupt(vector, _eip);
            }

            if (_halted)
            {
                return;
            }

            DecodedBlock block;
            if (last is not null && last.Eip == _eip && lastEpoch == _codeEpoch && lastCsBase == _s[SegCs].Base && last.Mode == _mode)
            {
                block = last;
            }
            else
            {
                block = GetBlock();
                last = BlockCacheEnabled && block.Page0 != _mmioGenSlot ? block : null;
                lastEpoch = _codeEpoch;
                lastCsBase = _s[SegCs].Base;
            }

            int n = block.Count;
            if (n > budget)
            {
                n = (int)budget;
            }

            _curPage0 = block.Page0;
            _curPage1 = block.Page1;
            ref Instruction i0 = ref MemoryMarshal.GetArrayDataReference(block.Instructions);
            ref Ops o0 = ref MemoryMarshal.GetArrayDataReference(block.Ops);
            int k = 0;
            while (true)
            {
                if (k == n)
                {
                    _eip = n == block.Count ? block.EndEip : Unsafe.Add(ref i0, n - 1).NextIP32;
                    break;
                }

                ref Ops o = ref Unsafe.Add(ref o0, k);
                ref Instruction ins = ref Unsafe.Add(ref i0, k);
                k++;
                if (!o.Handler(this, ref ins, ref o))
                {
                    if (_fault >= 0)
                    {
                        int vector = _fault;
                        _fault = -1;
                        DeliverInterrupt((byte)vector, ins.IP32);
                        FaultRaised?.Invoke(vector);
                    }

                    _stop = false;
                    break;
                }

                if (_stop)
                {
                    _stop = false;
                    if (!_redirected)
                    {
                        _eip = ins.NextIP32;
                    }

                    _redirected = false;
                    break;
                }
            }

            _icount += k;
            _curPage0 = -1;
            _curPage1 = -1;
        }
    }

    /// <summary>Changes whenever decoded code may have become stale (a code-page store, a flush).</summary>
    private long _codeEpoch = 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DecodedBlock GetBlock()
    {
        uint phys = (_s[SegCs].Base + _eip) & _a20Mask;
        if (BlockCacheEnabled)
        {
            DecodedBlock? b = _cache[(int)((phys ^ (phys >> 13)) & (CacheSlots - 1))];
            if (b is not null && b.Phys == phys && b.Eip == _eip && b.Mode == _mode
                && _pageGen[b.Page0] == b.Gen0 && _pageGen[b.Page1] == b.Gen1)
            {
                return b;
            }
        }

        return GetBlockSlow(phys);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private DecodedBlock GetBlockSlow(uint phys)
    {
        if (!BlockCacheEnabled)
        {
            Decode(_scratch, phys);
            return _scratch;
        }

        int slot = (int)((phys ^ (phys >> 13)) & (CacheSlots - 1));
        DecodedBlock b = _cache[slot] ??= new DecodedBlock();
        Decode(b, phys);
        return b;
    }

    private int GenSlot(uint page)
    {
        if ((_pageFlags[page] & PhysicalMemory.PageRamDirect) != 0)
        {
            return (int)page;
        }

        return _memory.RegionOfPage(page) == 0 || _memory.IsRomPage(page) ? _romGenSlot : _mmioGenSlot;
    }

    private void Decode(DecodedBlock b, uint phys)
    {
        b.Phys = phys;
        b.Eip = _eip;
        b.Mode = _mode;
        uint csLimit = _s[1].Limit;
        uint limitBytes = _eip > csLimit ? 0 : csLimit - _eip + 1;
        uint toPageEnd = PhysicalMemory.PageSize - (phys & (PhysicalMemory.PageSize - 1));
        uint maxBytes = Math.Min(limitBytes, toPageEnd + 15);
        _reader.Reset(phys, maxBytes);
        Decoder decoder = (_mode & 1) != 0 ? _decoder32 : _decoder16;
        decoder.IP = _eip;
        int n = 0;
        uint consumed = 0;
        while (true)
        {
            ref Instruction ins = ref b.Instructions[n];
            decoder.Decode(out ins);
            ref Ops o = ref b.Ops[n];
            n++;
            if (ins.Code == Code.INVALID)
            {
                o = default;
                o.Handler = decoder.LastError == DecoderError.NoMoreBytes ? &FaultGp : &FaultUd;
                break;
            }

            Binder.Bind(ref ins, ref o);
            consumed += (uint)ins.Length;
            if (consumed >= toPageEnd || n == DecodedBlock.MaxInstructions || Binder.EndsBlock(ref ins))
            {
                break;
            }
        }

        b.Count = n;
        b.EndEip = b.Instructions[n - 1].NextIP32;
        uint page0 = phys >> PhysicalMemory.PageShift;
        uint page1 = (phys + Math.Max(consumed, 1) - 1) >> PhysicalMemory.PageShift;
        b.Page0 = GenSlot(page0);
        b.Page1 = GenSlot(page1);
        if (b.Page0 == _mmioGenSlot || b.Page1 == _mmioGenSlot)
        {
            // Code in a device window is never cached: its bytes can change without a store.
            _pageGen[_mmioGenSlot]++;
            b.Page0 = b.Page1 = _mmioGenSlot;
            b.Gen0 = b.Gen1 = _pageGen[_mmioGenSlot] - 1;
            return;
        }

        b.Gen0 = _pageGen[b.Page0];
        b.Gen1 = _pageGen[b.Page1];
        if (b.Page0 != _romGenSlot)
        {
            _memory.MarkCodePage(page0);
        }

        if (b.Page1 != _romGenSlot)
        {
            _memory.MarkCodePage(page1);
        }
    }

    /// <summary>A store hit a page holding decoded code: drop its blocks (self-modifying code).</summary>
    private void OnCodeWritten(uint page)
    {
        _pageGen[page]++;
        _codeEpoch++;
        _memory.ClearCodePage(page);
        if (_curPage0 == (int)page || _curPage1 == (int)page)
        {
            // The running block may hold stale bytes: end it after the current instruction.
            _stop = true;
        }
    }
}
