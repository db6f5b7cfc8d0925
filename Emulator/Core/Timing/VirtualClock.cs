using System.Diagnostics;

namespace Emu.Core.Timing;

/// <summary>
/// Virtual time in integer nanoseconds since power-on. In deterministic mode time is
/// <c>instructions × NanosecondsPerInstruction + skipped</c>, where <c>skipped</c> grows when a
/// halted CPU jumps ahead to the next event; in real-time mode it follows the host's
/// monotonic clock. Integer ticks keep runs reproducible (no floating point anywhere).
/// </summary>
public sealed class VirtualClock
{
    /// <summary>One nanosecond per tick.</summary>
    public const long TicksPerSecond = 1_000_000_000;

    private readonly IInstructionCounter _counter;
    private readonly Stopwatch _host = new();
    private long _skipped;
    private long _realTimeBase;

    public VirtualClock(IInstructionCounter counter, ClockMode mode, long nanosecondsPerInstruction = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nanosecondsPerInstruction, 1);
        _counter = counter;
        Mode = mode;
        NanosecondsPerInstruction = nanosecondsPerInstruction;
        _host.Start();
    }

    public ClockMode Mode { get; }

    /// <summary>Virtual nanoseconds charged per executed instruction in deterministic mode.</summary>
    public long NanosecondsPerInstruction { get; }

    /// <summary>Current virtual time in ticks (nanoseconds).</summary>
    public long Now => Mode == ClockMode.Deterministic
        ? (_counter.InstructionCount * NanosecondsPerInstruction) + _skipped
        : _realTimeBase + (long)(_host.ElapsedTicks * (TicksPerSecond / (double)Stopwatch.Frequency));

    /// <summary>
    /// Moves time forward to <paramref name="target"/> while the CPU executes nothing
    /// (a halted CPU waiting for the next event). In real-time mode the caller sleeps instead;
    /// this only keeps the clock monotonic there.
    /// </summary>
    public void SkipTo(long target)
    {
        long now = Now;
        if (target <= now)
        {
            return;
        }

        if (Mode == ClockMode.Deterministic)
        {
            _skipped += target - now;
        }
        else
        {
            _realTimeBase += target - now;
        }
    }

    /// <summary>How many instructions fit before <paramref name="deadline"/> in deterministic mode.</summary>
    /// <summary>
    /// Sets the clock to <paramref name="now"/>, forward or back (a loaded snapshot's time). The
    /// instruction counter must already hold its restored value; the scheduler shifts its queue
    /// (<see cref="EventScheduler.MoveClockTo"/>).
    /// </summary>
    public void SetNow(long now)
    {
        long delta = now - Now;
        if (Mode == ClockMode.Deterministic)
        {
            _skipped += delta;
        }
        else
        {
            _realTimeBase += delta;
        }
    }

    public long InstructionsUntil(long deadline)
    {
        long delta = deadline - Now;
        if (delta <= 0)
        {
            return 0;
        }

        return (delta + NanosecondsPerInstruction - 1) / NanosecondsPerInstruction;
    }
}
