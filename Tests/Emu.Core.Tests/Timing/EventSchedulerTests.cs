using Emu.Core.Timing;

namespace Emu.Core.Tests.Timing;

public sealed class EventSchedulerTests
{
    [Fact]
    public void EventsRunInDeadlineOrderThenSchedulingOrder()
    {
        ManualCounter counter = new();
        EventScheduler scheduler = new(new VirtualClock(counter, ClockMode.Deterministic));
        List<string> ran = [];
        TimerEvent a = new("a", _ => ran.Add("a"));
        TimerEvent b = new("b", _ => ran.Add("b"));
        TimerEvent c = new("c", _ => ran.Add("c"));
        scheduler.Schedule(a, 20);
        scheduler.Schedule(b, 10);
        scheduler.Schedule(c, 20);

        counter.InstructionCount = 15;
        scheduler.RunDue();
        Assert.Equal(["b"], ran);

        counter.InstructionCount = 20;
        scheduler.RunDue();
        Assert.Equal(["b", "a", "c"], ran);
        Assert.Equal(long.MaxValue, scheduler.NextDeadline);
    }

    [Fact]
    public void SkipToMovesDeterministicTimeWithoutInstructions()
    {
        ManualCounter counter = new();
        VirtualClock clock = new(counter, ClockMode.Deterministic, nanosecondsPerInstruction: 2);
        counter.InstructionCount = 5;
        clock.SkipTo(100);
        Assert.Equal(100, clock.Now);
        counter.InstructionCount = 6;
        Assert.Equal(102, clock.Now);
    }

    private sealed class ManualCounter : IInstructionCounter
    {
        public long InstructionCount { get; set; }
    }
}
