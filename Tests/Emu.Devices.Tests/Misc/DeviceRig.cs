using Emu.Core.Io;
using Emu.Core.Timing;

namespace Emu.Devices.Tests.Misc;

/// <summary>
/// A port bus, a deterministic clock over a hand-advanced instruction counter (1 ns per
/// instruction) and the event queue, run the way the machine loop runs them.
/// </summary>
public sealed class DeviceRig
{
    private readonly ManualCounter _counter = new();

    public DeviceRig()
    {
        Clock = new VirtualClock(_counter, ClockMode.Deterministic, nanosecondsPerInstruction: 1);
        Scheduler = new EventScheduler(Clock);
    }

    public IoBus Bus { get; } = new();

    public VirtualClock Clock { get; }

    public EventScheduler Scheduler { get; }

    public RecordingIrqController Irqs { get; } = new();

    public long Now => Clock.Now;

    /// <summary>Advances virtual time by <paramref name="nanoseconds"/>, running each event at its deadline.</summary>
    public void Advance(long nanoseconds) => AdvanceTo(Now + nanoseconds);

    public void AdvanceTo(long target)
    {
        while (Scheduler.NextDeadline <= target)
        {
            _counter.InstructionCount = Math.Max(_counter.InstructionCount, Scheduler.NextDeadline);
            Scheduler.RunDue();
        }

        _counter.InstructionCount = target;
        Scheduler.RunDue();
    }

    public void Out(ushort port, byte value) => Bus.WriteByte(port, value);

    public byte In(ushort port) => Bus.ReadByte(port);

    private sealed class ManualCounter : IInstructionCounter
    {
        public long InstructionCount { get; set; }
    }
}
