using System.Runtime.CompilerServices;
using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.Timing;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// A 686-class x86 CPU (CPUID GenuineIntel family 6) in real-address or protected mode, with
/// 32-bit paging, interpreted over blocks that Iced decodes once (style.md §2). Flags are lazy,
/// memory goes through a per-page fast path into the RAM buffer, ports through the
/// <see cref="IoBus"/>, and faults are returned as values and delivered through the IVT or the IDT
/// between instructions. Virtual-8086 mode, task switches and call gates are not implemented: a
/// guest that uses them gets #GP and the <see cref="Unsupported"/> callback names the feature.
/// <para>
/// Instruction counting (the deterministic clock): every executed instruction counts one, a faulting
/// instruction included; a REP string instruction counts one per iteration (one when its count is 0).
/// </para>
/// </summary>
public sealed unsafe partial class Cpu : ICpuRegisters, IInstructionCounter
{
    private const int CacheSlots = 1 << 15;

    /// <summary>The most the decoded-block cache may hold (bytes, <see cref="DecodedBlock.BytesFor"/>); past it, it is emptied.</summary>
    private const long CacheByteLimit = 64L << 20;

    private readonly PhysicalMemory _memory;
    private readonly IoBus _io;
    private readonly byte* _ram;
    private readonly byte* _pageFlags;
    private readonly uint _ramSize;

    private RegisterFile _r;
    private SegmentFile _s;
    private uint _eip;

    private uint _cr0;
    private uint _cr2;
    private uint _cr3;
    private uint _cr4;
    private uint _idtBase;
    private uint _idtLimit;
    private uint _gdtBase;
    private uint _gdtLimit;

    private bool _halted;
    private bool _stop;
    private bool _exitRequested;
    private bool _redirected;
    private bool _shadow;
    private int _fault = -1;
    private long _icount;
    private int _mode;

    private readonly DecodedBlock?[] _cache = new DecodedBlock?[CacheSlots];
    private readonly DecodedBlock _scratch = new(DecodedBlock.MaxInstructions);
    private long _cacheBytes;
    private int _cacheBlocks;
    private readonly uint[] _pageGen;
    private readonly int _romGenSlot;
    private readonly int _mmioGenSlot;
    private readonly PhysicalCodeReader _reader;
    private readonly Decoder _decoder16;
    private readonly Decoder _decoder32;
    private int _curPage0 = -1;
    private int _curPage1 = -1;

    public Cpu(PhysicalMemory memory, IoBus io)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(io);
        _memory = memory;
        _io = io;
        _ram = (byte*)Unsafe.AsPointer(ref memory.RamArray[0]);
        _pageFlags = (byte*)Unsafe.AsPointer(ref memory.PageFlags[0]);
        _ramSize = (uint)memory.RamSize;
        int ramPages = memory.RamSize >> PhysicalMemory.PageShift;
        _pageGen = new uint[ramPages + 2];
        _romGenSlot = ramPages;
        _mmioGenSlot = ramPages + 1;
        _reader = new PhysicalCodeReader(memory);
        _decoder16 = Decoder.Create(16, _reader);
        _decoder32 = Decoder.Create(32, _reader);
        memory.CodeWritten = OnCodeWritten;
        _a20Mask = memory.A20Mask;
        memory.A20Changed += _ =>
        {
            _a20Mask = memory.A20Mask;
            FlushBlockCache();
        };
        memory.WindowsChanged = FlushBlockCache;
        Reset();
    }

    /// <summary>The interrupt controller (the PIC), polled between blocks while IF=1.</summary>
    public IInterruptSource? InterruptSource { get; set; }

    /// <summary>In HLT: <see cref="Run"/> returns at once until an interrupt wakes the CPU.</summary>
    public bool Halted
    {
        get => _halted;
        set => _halted = value;
    }

    public bool InterruptsEnabled => (_flags & (uint)EFlags.IF) != 0;

    /// <summary>When false every block is decoded afresh each time it runs (for comparison and tests).</summary>
    public bool BlockCacheEnabled { get; set; } = true;

    public long InstructionCount => _icount;

    /// <summary>Decoded blocks in the cache now, and the bytes they hold (bounded: the cache empties past 64 MiB).</summary>
    public (int Blocks, long Bytes) BlockCacheSize => (_cacheBlocks, _cacheBytes);

    /// <summary>Blocks decoded since power-on (each decode, whether kept in the cache or not).</summary>
    public long BlocksDecoded { get; private set; }

    /// <summary>Called after a CPU exception (#DE, #UD, #GP, …) was delivered, with its vector (diagnostics).</summary>
    public Action<int>? FaultRaised { get; set; }

    /// <summary>CR0 as the guest sees it.</summary>
    public uint CR0 => _cr0;

    /// <summary>CR2: the linear address of the last page fault.</summary>
    public uint CR2 => _cr2;

    public uint CR3 => _cr3;

    public uint CR4 => _cr4;

    /// <summary>Runs until <paramref name="maxInstructions"/> retired, HLT, or <see cref="RequestExit"/>; returns the count run.</summary>
    public long Run(long maxInstructions)
    {
        long start = _icount;
        _exitRequested = false;
        _stop = false;
        _redirected = false;
        _jitTarget = start + maxInstructions;
        RunBlocks(_jitTarget);
        return _icount - start;
    }

    /// <summary>Makes <see cref="Run"/> return after the current instruction (callable from device code).</summary>
    public void RequestExit()
    {
        _exitRequested = true;
        _stop = true;
    }

    /// <summary>Delivers an interrupt through the IVT now, as if INT n executed at the current CS:EIP (no IF check).</summary>
    public void RaiseInterruptNow(byte vector)
    {
        _halted = false;
        DeliverInterrupt(vector, _eip);
    }

    /// <summary>Drops every decoded block (after ROM contents change, for instance).</summary>
    public void FlushBlockCache()
    {
        Array.Clear(_cache);
        _cacheBytes = 0;
        _cacheBlocks = 0;
        _codeEpoch++;
        for (int i = 0; i < _pageGen.Length; i++)
        {
            _pageGen[i]++;
        }

        _stop = true;
    }

    /// <summary>Power-on / RESET state (SDM Vol. 3 9.1.1; pc-platform-bios.md §3.1).</summary>
    public void Reset()
    {
        for (int i = 0; i < 16; i++)
        {
            _r[i] = 0;
        }

        _r[2] = _model.Signature;
        for (int i = 0; i < 6; i++)
        {
            _s[i] = new SegmentCache
            {
                Base = 0,
                Limit = 0xFFFF,
                Selector = 0,
                Attr = 0x93,
                ReadLimit = 0xFFFF,
                WriteLimit = 0xFFFF,
                CheckedReadLimit = 0xFFFF,
                CheckedWriteLimit = 0xFFFF,
            };
        }

        _s[(int)SegmentRegister.CS] = new SegmentCache
        {
            Base = 0xFFFF_0000,
            Limit = 0xFFFF,
            Selector = 0xF000,
            Attr = 0x9B,
            ReadLimit = 0xFFFF,
            WriteLimit = 0xFFFF,
            CheckedReadLimit = 0xFFFF,
            CheckedWriteLimit = 0xFFFF,
        };
        _ldtr = new SegmentCache { Limit = 0xFFFF, Attr = 0x82 };
        _tr = new SegmentCache { Limit = 0xFFFF, Attr = 0x8B };
        _eip = 0xFFF0;
        SetFlagsValue(0x2);
        _cr0 = 0x6000_0010;
        _cr2 = _cr3 = _cr4 = 0;
        _idtBase = 0;
        _idtLimit = 0xFFFF;
        _gdtBase = 0;
        _gdtLimit = 0xFFFF;
        _halted = false;
        _shadow = false;
        _fault = -1;
        _mode = 0;
        _pe = false;
        _paging = false;
        _wp = false;
        _cpl = 0;
        UpdateTlbRights();
        _spMask = 0xFFFF;
        FlushTlb(false);
        _msr.Reset();
        FpuInit();
    }

    public uint EAX { get => _r[0]; set => _r[0] = value; }

    public uint ECX { get => _r[1]; set => _r[1] = value; }

    public uint EDX { get => _r[2]; set => _r[2] = value; }

    public uint EBX { get => _r[3]; set => _r[3] = value; }

    public uint ESP { get => _r[4]; set => _r[4] = value; }

    public uint EBP { get => _r[5]; set => _r[5] = value; }

    public uint ESI { get => _r[6]; set => _r[6] = value; }

    public uint EDI { get => _r[7]; set => _r[7] = value; }

    /// <summary>EIP. Set from device or firmware code during <see cref="Run"/> (an HLE BIOS service), it
    /// takes effect after the current instruction.</summary>
    public uint EIP
    {
        get => _eip;
        set
        {
            _eip = value;
            Redirect();
        }
    }

    public uint EFLAGS { get => GetFlagsValue(); set => SetFlagsValue(value); }

    public ushort GetSegment(SegmentRegister segment) => _s[(int)segment].Selector;

    public void SetSegment(SegmentRegister segment, ushort selector)
    {
        LoadSegmentReal((int)segment, selector);
        if (segment == SegmentRegister.CS)
        {
            Redirect();
        }
    }

    /// <summary>CS:EIP was changed from outside the instruction stream: the running block must not continue.</summary>
    private void Redirect()
    {
        _redirected = true;
        _stop = true;
    }

    /// <summary>The base address of a segment register's hidden part.</summary>
    public uint GetSegmentBase(SegmentRegister segment) => _s[(int)segment].Base;
}
