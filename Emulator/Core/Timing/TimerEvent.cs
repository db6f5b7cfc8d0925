namespace Emu.Core.Timing;

/// <summary>
/// One timer of one device, created once when the device is built and rescheduled as often as
/// needed (no allocation per tick). Scheduled on an <see cref="EventScheduler"/>.
/// </summary>
public sealed class TimerEvent
{
    public TimerEvent(string name, Action<long> callback)
    {
        Name = name;
        Callback = callback;
    }

    /// <summary>For logs and saved state.</summary>
    public string Name { get; }

    /// <summary>Called on the machine thread with the virtual time the event was due.</summary>
    public Action<long> Callback { get; }

    /// <summary>Due time in ticks; meaningful only while <see cref="IsScheduled"/>.</summary>
    public long Deadline { get; internal set; }

    public bool IsScheduled { get; internal set; }

    internal long Sequence { get; set; }
}
