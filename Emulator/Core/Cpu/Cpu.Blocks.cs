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
    /// <see cref="RequestExit"/> or the budget; inside a block, call each handler in turn and act on its
    /// <see cref="Flow"/>: go on, end the block after a transfer (EIP already set), deliver a fault with
    /// the faulting instruction's address, or end the block and step EIP past the instruction.
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

            DecodedBlock? block;
            if (last is not null && last.Eip == _eip && lastEpoch == _codeEpoch && lastCsBase == _s[SegCs].Base && last.Mode == _mode)
            {
                block = last;
            }
            else
            {
                block = GetBlock();
                if (block is null)
                {
                    // The fetch faulted (#PF): delivered with the address of the instruction that was not fetched.
                    int vector = _fault;
                    _fault = -1;
                    DeliverFault(vector, _faultCode, _eip);
                    FaultRaised?.Invoke(vector);
                    last = null;
                    continue;
                }

                last = BlockCacheEnabled && block.Page0 != _mmioGenSlot ? block : null;
                lastEpoch = _codeEpoch;
                lastCsBase = _s[SegCs].Base;
            }

            int n = block.Count;
            if (n > budget)
            {
                n = (int)budget;
            }

            // TF: one instruction, then the single-step trap (SDM Vol. 3 17.3.1.4).
            bool trap = (_flags & FTf) != 0;
            if (trap)
            {
                n = 1;
            }

            _curPage0 = block.Page0;
            _curPage1 = block.Page1;
            int k = 0;

            // A stop requested between blocks (while an interrupt was taken, say) ends the block after its
            // first instruction: compiled code checks for it only after instructions that can request one.
            if (_tier == CpuTier.Jit && !_stop && CompiledFor(block) is { } compiled)
            {
                k = RunCompiled(block, compiled, n);
            }
            else
            {
                ref Instruction i0 = ref MemoryMarshal.GetArrayDataReference(block.Instructions);
                ref Ops o0 = ref MemoryMarshal.GetArrayDataReference(block.Ops);
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
                    Flow flow = o.Handler(this, ref ins, ref o);
                    if (flow != Flow.Next)
                    {
                        if (flow == Flow.Stop)
                        {
                            _eip = ins.NextIP32;
                        }
                        else if (_fault >= 0)
                        {
                            DeliverRecordedFault(ins.IP32);
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
            }

            _icount += k;
            _curPage0 = -1;
            _curPage1 = -1;
            if (trap && (_flags & FTf) != 0)
            {
                DeliverFault(1, 0, _eip);
                last = null;
            }
        }
    }

    /// <summary>Delivers the exception a handler recorded, with the address of the instruction that raised it.</summary>
    private void DeliverRecordedFault(uint eip)
    {
        int vector = _fault;
        _fault = -1;
        DeliverFault(vector, _faultCode, eip);
        FaultRaised?.Invoke(vector);
    }

    /// <summary>Changes whenever decoded code may have become stale (a code-page store, a flush).</summary>
    private long _codeEpoch = 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DecodedBlock? GetBlock()
    {
        uint linear = _s[SegCs].Base + _eip;
        uint phys;
        if (_paging)
        {
            if (!TranslateFetch(linear, out phys))
            {
                return null;
            }
        }
        else
        {
            phys = linear & _a20Mask;
        }

        if (BlockCacheEnabled)
        {
            for (DecodedBlock? b = _cache[Bucket(phys)]; b is not null; b = b.Chain)
            {
                if (b.Phys == phys && b.Eip == _eip && b.Mode == _mode
                    && _pageGen[b.Page0] == b.Gen0 && _pageGen[b.Page1] == b.Gen1
                    && (b.NextPage == 0 || b.NextPage == NextPagePhys(linear)))
                {
                    return b;
                }
            }
        }

        return GetBlockSlow(phys, linear);
    }

    private static int Bucket(uint phys) => (int)((phys ^ (phys >> 13)) & (CacheSlots - 1));

    /// <summary>
    /// Where the bytes after the first page of a block starting at <paramref name="linear"/> come from
    /// now (physical page + 1, or 1 when that page cannot be fetched): a page-crossing block is valid
    /// only while this is what it was decoded with.
    /// </summary>
    private uint NextPagePhys(uint linear)
    {
        uint next = (linear & 0xFFFF_F000) + 0x1000;
        if (!_paging)
        {
            return (next & _a20Mask) + 1;
        }

        int fault = _fault;
        int code = _faultCode;
        uint cr2 = _cr2;
        bool ok = TranslatePage(next, false, _cpl == 3, out uint phys);
        _fault = fault;
        _faultCode = code;
        _cr2 = cr2;
        return ok ? phys + 1 : 1;
    }

    /// <summary>
    /// Decodes a block into the scratch block and, with the cache on, keeps an exact-length copy at the
    /// head of its bucket, after dropping the bucket's blocks whose pages were written since they were
    /// decoded or whose key is the same (a block of another page mapping or mode is kept).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DecodedBlock GetBlockSlow(uint phys, uint linear)
    {
        Decode(_scratch, phys, linear);
        BlocksDecoded++;
        if (!BlockCacheEnabled || _scratch.Page0 == _mmioGenSlot)
        {
            return _scratch;
        }

        int bucket = Bucket(phys);
        ref DecodedBlock? link = ref _cache[bucket];
        while (link is not null)
        {
            DecodedBlock old = link;
            bool stale = _pageGen[old.Page0] != old.Gen0 || _pageGen[old.Page1] != old.Gen1;
            if (stale || (old.Phys == phys && old.Eip == _eip && old.Mode == _mode))
            {
                link = old.Chain;
                _cacheBytes -= DecodedBlock.BytesFor(old.Count);
                _cacheBlocks--;
                continue;
            }

            link = ref old.Chain;
        }

        int bytes = DecodedBlock.BytesFor(_scratch.Count);
        if (_cacheBytes + bytes > CacheByteLimit)
        {
            Array.Clear(_cache);
            _cacheBytes = 0;
            _cacheBlocks = 0;
        }

        DecodedBlock b = DecodedBlock.CopyOf(_scratch);
        b.Chain = _cache[bucket];
        _cache[bucket] = b;
        _cacheBytes += bytes;
        _cacheBlocks++;
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

    private void Decode(DecodedBlock b, uint phys, uint linear)
    {
        b.Phys = phys;
        b.Eip = _eip;
        b.Mode = _mode;
        uint csLimit = _s[1].Limit;
        uint limitBytes = _eip > csLimit ? 0 : csLimit - _eip + 1;
        uint toPageEnd = PhysicalMemory.PageSize - (phys & (PhysicalMemory.PageSize - 1));
        uint maxBytes = Math.Min(limitBytes, toPageEnd + 15);

        // The bytes past the first page come from the next linear page's frame; when that page cannot
        // be fetched, an instruction reaching into it raises #PF there when it executes.
        uint nextPage = maxBytes > toPageEnd ? NextPagePhys(linear) : 0;
        bool nextFaults = nextPage == 1;
        if (nextFaults)
        {
            maxBytes = toPageEnd;
        }

        _reader.Reset(phys, maxBytes, toPageEnd, nextPage == 0 || nextFaults ? phys + toPageEnd : nextPage - 1);
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
                if (decoder.LastError != DecoderError.NoMoreBytes)
                {
                    o.Handler = &FaultUd;
                }
                else if (nextFaults && consumed + 15 > toPageEnd && limitBytes > toPageEnd)
                {
                    o.Handler = &FaultFetchNextPage;
                    o.Imm = (linear & 0xFFFF_F000) + 0x1000;
                }
                else
                {
                    o.Handler = &FaultGp;
                }

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
        bool crosses = consumed > toPageEnd;
        uint page1 = crosses ? (nextPage - 1) >> PhysicalMemory.PageShift : page0;
        b.NextPage = crosses || nextFaults ? nextPage : 0;
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

    /// <summary>An instruction that continues on a linear page that cannot be fetched: #PF for that page (SDM Vol. 3 4.7).</summary>
    private static Flow FaultFetchNextPage(Cpu c, ref Instruction i, ref Ops o)
    {
        if (c.TranslateFetch(o.Imm, out _))
        {
            // The page became fetchable since the block was decoded: decode again from this instruction.
            c._codeEpoch++;
            c._eip = i.IP32;
            return Flow.Branch;
        }

        return Flow.Fault;
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
