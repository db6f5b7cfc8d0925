using System.Diagnostics;
using System.Runtime.CompilerServices;
using Emu.Core.Cpu.Jit;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// The IL tier (<see cref="CpuTier.Jit"/>): the executor hands a block that ran <see cref="JitThreshold"/>
/// times to <see cref="BlockCompiler"/> and from then on runs the compiled method instead of the handler
/// loop, for as many instructions as the loop would run; it finishes the block from the method's result
/// exactly as the interpreter does, so both tiers count and fault alike.
/// </summary>
public sealed unsafe partial class Cpu
{
    private CpuTier _tier;
    private long _jitTarget;
    private DecodedBlock? _jitBlock;
    private long _jitBlocks;
    private long _jitTicks;
    private long _jitIlBytes;
    private long _jitIndirect;

    /// <summary>Interpreter only, or hot blocks compiled to IL. Takes effect at the next block.</summary>
    public CpuTier Tier
    {
        get => _tier;
        set => _tier = value;
    }

    /// <summary>How many times a block runs interpreted before the IL tier compiles it (at least 1).</summary>
    public int JitThreshold { get; set; } = 200;

    /// <summary>What the IL tier has cost since power-on: blocks compiled, time spent compiling, IL held.</summary>
    public JitStatistics JitStats => new(_jitBlocks, TimeSpan.FromTicks(_jitTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency), _jitIlBytes, _jitIndirect);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private CompiledBlock? CompiledFor(DecodedBlock block)
    {
        if (block.Compiled is { } compiled)
        {
            return compiled;
        }

        // The scratch block is re-decoded in place (cache off, device windows): never compiled.
        if (++block.Hits < JitThreshold || block == _scratch)
        {
            return null;
        }

        return Compile(block);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private CompiledBlock Compile(DecodedBlock block)
    {
        long start = Stopwatch.GetTimestamp();
        CompiledBlock compiled = BlockCompiler.Compile(block, out int ilBytes, out int indirect);
        _jitTicks += Stopwatch.GetTimestamp() - start;
        _jitBlocks++;
        _jitIlBytes += ilBytes;
        _jitIndirect += indirect;
        block.Compiled = compiled;
        return compiled;
    }

    /// <summary>Runs a compiled block and ends it as the interpreter's loop does; returns the instructions it ran last time round.</summary>
    private int RunCompiled(DecodedBlock block, CompiledBlock compiled, int n)
    {
        _jitBlock = block;
        int result = compiled(this, ref block.Instructions[0], ref block.Ops[0], n);
        _jitBlock = null;
        int k = BlockCompiler.CountOf(result);
        int code = BlockCompiler.CodeOf(result);
        ref Instruction ins = ref block.Instructions[k - 1];
        if (code == BlockCompiler.RanThrough)
        {
            _eip = ins.NextIP32;
            return k;
        }

        if (code == BlockCompiler.Stopped)
        {
            _stop = false;
            if (!_redirected)
            {
                _eip = ins.NextIP32;
            }

            _redirected = false;
            return k;
        }

        Flow flow = (Flow)code;
        if (flow == Flow.Stop)
        {
            _eip = ins.NextIP32;
        }
        else if (_fault >= 0)
        {
            DeliverRecordedFault(ins.IP32);
        }

        _stop = false;
        return k;
    }

    /// <summary>
    /// Called by a compiled block whose last instruction branched back to its own start: true (and the
    /// instructions counted) when the executor would run this same block again in full straight away (no
    /// interrupt to take, no exit, no trap, budget left, its pages unwritten), so it may loop by itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool JitContinue()
    {
        DecodedBlock b = _jitBlock!;
        if (_eip != b.Eip || _stop || _exitRequested || _shadow || _halted || (_flags & FTf) != 0
            || _jitTarget - _icount < 2L * b.Count
            || _pageGen[b.Page0] != b.Gen0 || _pageGen[b.Page1] != b.Gen1)
        {
            return false;
        }

        if ((_flags & FIf) != 0 && InterruptSource is { } source && source.IntrAsserted)
        {
            return false;
        }

        _icount += b.Count;
        return true;
    }
}
