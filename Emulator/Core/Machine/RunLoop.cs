using System.Collections.Concurrent;
using Emu.Core.Timing;

namespace Emu.Core.Machine;

/// <summary>
/// The machine thread's loop: runs the CPU in slices of at most <see cref="SliceNanoseconds"/> of
/// virtual time (shorter when an event is due sooner), runs due timer events between slices, and
/// drains work posted from other threads (QMP, NBD, the window). A halted CPU jumps ahead to the
/// next event in deterministic mode and sleeps until it in real-time mode.
/// Everything except <see cref="Post"/>, <see cref="RequestQuit"/> and <see cref="InstructionCount"/>
/// belongs to the machine thread.
/// </summary>
public sealed class RunLoop
{
    private readonly IGuestProcessor _cpu;
    private readonly EventScheduler _scheduler;
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private volatile bool _quit;
    private bool _resetPending;
    private bool _powerOffPending;

    public RunLoop(IGuestProcessor cpu, EventScheduler scheduler)
    {
        _cpu = cpu;
        _scheduler = scheduler;
        scheduler.DeadlineMovedEarlier = _ => _cpu.RequestExit();
    }

    public VirtualClock Clock => _scheduler.Clock;

    public EventScheduler Scheduler => _scheduler;

    /// <summary>Longest CPU slice in virtual nanoseconds (design.md "Threads": about 1 ms).</summary>
    public long SliceNanoseconds { get; set; } = 1_000_000;

    /// <summary>
    /// What a guest reset does while <see cref="RebootOnReset"/> is set: reset CPU and devices and
    /// run POST again. Called on the machine thread between slices.
    /// </summary>
    public Action? ResetHandler { get; set; }

    /// <summary>False with <c>-no-reboot</c>: a guest reset ends the run with <see cref="MachineStopReason.GuestReset"/>.</summary>
    public bool RebootOnReset { get; set; } = true;

    /// <summary>False with <c>-no-shutdown</c>: a power-off pauses the machine instead of ending the run.</summary>
    public bool ExitOnPowerOff { get; set; } = true;

    /// <summary>Called on the machine thread when a power-off paused the machine (<see cref="ExitOnPowerOff"/> false).</summary>
    public Action? PausedByPowerOff { get; set; }

    /// <summary>
    /// Set when something outside the guest can still act (a monitor is attached): a CPU halted
    /// forever, or with nothing scheduled, then waits for posted work instead of ending the run.
    /// </summary>
    public bool WaitForWorkWhenIdle { get; set; }

    /// <summary>A paused machine (QEMU <c>-S</c>, QMP <c>stop</c>) runs posted work but no guest code.</summary>
    public bool Paused { get; set; }

    /// <summary>Called after each slice with the number of instructions it ran (statistics, tracing).</summary>
    public Action<long>? SliceCompleted { get; set; }

    /// <summary>Queues <paramref name="work"/> to run on the machine thread between slices. Safe from any thread.</summary>
    public void Post(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _work.Enqueue(work);
        _wake.Set();
        _cpu.RequestExit();
    }

    /// <summary>Ends <see cref="Run"/> with <see cref="MachineStopReason.Quit"/> at the next slice boundary. Safe from any thread.</summary>
    public void RequestQuit()
    {
        _quit = true;
        _wake.Set();
        _cpu.RequestExit();
    }

    /// <summary>A device asks for a system reset (machine thread).</summary>
    public void RequestReset()
    {
        _resetPending = true;
        _cpu.RequestExit();
    }

    /// <summary>The guest turned the power off (machine thread).</summary>
    public void RequestPowerOff()
    {
        _powerOffPending = true;
        _cpu.RequestExit();
    }

    /// <summary>
    /// Runs until a stop condition; <paramref name="instructionLimit"/> bounds the total instruction
    /// count (an absolute value of <see cref="IGuestProcessor.InstructionCount"/>) for tests and tools.
    /// </summary>
    public MachineStopReason Run(long instructionLimit = long.MaxValue)
    {
        while (true)
        {
            DrainWork();
            MachineStopReason? stop = CheckRequests();
            if (stop is not null)
            {
                return stop.Value;
            }

            if (Paused)
            {
                WaitForWork(Timeout.InfiniteTimeSpan);
                continue;
            }

            _scheduler.RunDue();
            stop = CheckRequests();
            if (stop is not null)
            {
                return stop.Value;
            }

            long remaining = instructionLimit - _cpu.InstructionCount;
            if (remaining <= 0)
            {
                return MachineStopReason.InstructionLimit;
            }

            long budget = Math.Min(SliceBudget(), remaining);
            long ran = _cpu.Run(budget);
            SliceCompleted?.Invoke(ran);
            if (ran == 0 && _cpu.Halted)
            {
                stop = Idle();
                if (stop is not null)
                {
                    return stop.Value;
                }
            }
        }
    }

    private long SliceBudget()
    {
        VirtualClock clock = _scheduler.Clock;
        long cap = Math.Max(1, SliceNanoseconds / clock.NanosecondsPerInstruction);
        long deadline = _scheduler.NextDeadline;
        if (deadline == long.MaxValue)
        {
            return cap;
        }

        // At least one instruction: an event due now has already run, and one due mid-instruction
        // runs right after it.
        return Math.Clamp(clock.InstructionsUntil(deadline), 1, cap);
    }

    /// <summary>The CPU is halted and nothing woke it: let time pass until something can.</summary>
    private MachineStopReason? Idle()
    {
        if (!_cpu.InterruptsEnabled)
        {
            if (!WaitForWorkWhenIdle)
            {
                return MachineStopReason.HaltedForever;
            }

            WaitForWork(Timeout.InfiniteTimeSpan);
            return null;
        }

        long deadline = _scheduler.NextDeadline;
        if (deadline == long.MaxValue)
        {
            if (!WaitForWorkWhenIdle)
            {
                return MachineStopReason.HaltedForever;
            }

            WaitForWork(Timeout.InfiniteTimeSpan);
            return null;
        }

        VirtualClock clock = _scheduler.Clock;
        if (clock.Mode == ClockMode.Deterministic)
        {
            clock.SkipTo(deadline);
        }
        else
        {
            long wait = deadline - clock.Now;
            if (wait > 0)
            {
                WaitForWork(TimeSpan.FromTicks(Math.Max(1, wait / 100)));
            }
        }

        return null;
    }

    private void WaitForWork(TimeSpan timeout)
    {
        if (_work.IsEmpty && !_quit)
        {
            _wake.Wait(timeout);
        }

        _wake.Reset();
    }

    private void DrainWork()
    {
        while (_work.TryDequeue(out Action? work))
        {
            work();
        }
    }

    private MachineStopReason? CheckRequests()
    {
        if (_quit)
        {
            return MachineStopReason.Quit;
        }

        if (_powerOffPending)
        {
            _powerOffPending = false;
            if (ExitOnPowerOff)
            {
                return MachineStopReason.PowerOff;
            }

            Paused = true;
            PausedByPowerOff?.Invoke();
        }

        if (_resetPending)
        {
            _resetPending = false;
            if (!RebootOnReset || ResetHandler is null)
            {
                return MachineStopReason.GuestReset;
            }

            ResetHandler();
        }

        return null;
    }
}
