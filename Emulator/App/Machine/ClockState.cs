using Emu.Core.State;
using Emu.Core.Timing;

namespace Emu.App.Machine;

/// <summary>
/// The virtual clock as a saved section (<c>clock</c>, QEMU's <c>timer</c> section): loading sets
/// the clock back or forward to the saved time, moving queued events along, before the devices
/// load their timers relative to it. Loads after the CPU, whose instruction count drives the clock.
/// </summary>
internal sealed class ClockState : IStatefulDevice
{
    private readonly EventScheduler _scheduler;
    private readonly long _before;

    /// <summary>Made just before a save or load, so <see cref="Load"/> knows the clock's time before the CPU's count changed it.</summary>
    public ClockState(EventScheduler scheduler)
    {
        _scheduler = scheduler;
        _before = scheduler.Now;
    }

    public string StateName => "clock";

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("now", _scheduler.Now);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        _scheduler.MoveClockTo(section.GetInt64("now", 0, long.MaxValue / 2), _before);
    }
}
