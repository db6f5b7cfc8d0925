namespace Emu.Core.Timing;

/// <summary>
/// The machine's one event queue, in integer virtual ticks. Events due at the same tick run in
/// the order they were scheduled, so a run is reproducible. Machine thread only.
/// A device schedules its own <see cref="TimerEvent"/>s; the run loop asks for
/// <see cref="NextDeadline"/> to size the CPU slice and calls <see cref="RunDue"/> between slices.
/// </summary>
public sealed class EventScheduler
{
    // A handful of timers exist in a PC (PIT, RTC, UART, keyboard, IDE): a sorted list beats a heap.
    private readonly List<TimerEvent> _queue = new(16);
    private long _sequence;

    public EventScheduler(VirtualClock clock)
    {
        Clock = clock;
    }

    public VirtualClock Clock { get; }

    /// <summary>Virtual time now (shortcut for <c>Clock.Now</c>).</summary>
    public long Now => Clock.Now;

    /// <summary>The earliest deadline, or <see cref="long.MaxValue"/> when nothing is scheduled.</summary>
    public long NextDeadline => _queue.Count == 0 ? long.MaxValue : _queue[0].Deadline;

    /// <summary>
    /// Told when an event is scheduled earlier than the previous earliest deadline, so the run
    /// loop can end the current CPU slice early.
    /// </summary>
    public Action<long>? DeadlineMovedEarlier { get; set; }

    /// <summary>Schedules (or reschedules) <paramref name="timerEvent"/> at absolute tick <paramref name="deadline"/>.</summary>
    public void Schedule(TimerEvent timerEvent, long deadline)
    {
        if (timerEvent.IsScheduled)
        {
            _queue.Remove(timerEvent);
        }

        long previous = NextDeadline;
        timerEvent.Deadline = deadline;
        timerEvent.IsScheduled = true;
        timerEvent.Sequence = _sequence++;
        int index = _queue.Count;
        while (index > 0 && _queue[index - 1].Deadline > deadline)
        {
            index--;
        }

        _queue.Insert(index, timerEvent);
        if (deadline < previous)
        {
            DeadlineMovedEarlier?.Invoke(deadline);
        }
    }

    /// <summary>Schedules <paramref name="timerEvent"/> <paramref name="delay"/> ticks from now.</summary>
    /// <summary>
    /// Sets the clock to <paramref name="now"/> (loading a saved machine) and moves every queued
    /// event by the clock's change from <paramref name="before"/> (its time before the load began,
    /// which the restored instruction count may already have moved), so each keeps the time it had
    /// left; devices whose state is loaded afterwards reschedule their own timers from their saved times.
    /// </summary>
    public void MoveClockTo(long now, long before)
    {
        long delta = now - before;
        Clock.SetNow(now);
        foreach (TimerEvent queued in _queue)
        {
            queued.Deadline = delta > 0 && queued.Deadline > long.MaxValue - delta ? long.MaxValue : queued.Deadline + delta;
        }

        DeadlineMovedEarlier?.Invoke(NextDeadline);
    }

    public void ScheduleIn(TimerEvent timerEvent, long delay) => Schedule(timerEvent, Now + Math.Max(0, delay));

    public void Cancel(TimerEvent timerEvent)
    {
        if (timerEvent.IsScheduled)
        {
            _queue.Remove(timerEvent);
            timerEvent.IsScheduled = false;
        }
    }

    /// <summary>Runs every event due at or before now, including ones they schedule for now. Returns how many ran.</summary>
    public int RunDue()
    {
        int ran = 0;
        while (_queue.Count > 0)
        {
            TimerEvent next = _queue[0];
            if (next.Deadline > Now)
            {
                break;
            }

            _queue.RemoveAt(0);
            next.IsScheduled = false;
            next.Callback(next.Deadline);
            ran++;
        }

        return ran;
    }
}
