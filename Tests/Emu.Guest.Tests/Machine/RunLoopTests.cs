using Emu.Core.Machine;
using Emu.Core.Timing;

namespace Emu.Guest.Tests.Machine;

public sealed class RunLoopTests
{
    private readonly ScriptedProcessor _cpu = new();
    private readonly EventScheduler _scheduler;
    private readonly RunLoop _loop;

    public RunLoopTests()
    {
        _scheduler = new EventScheduler(new VirtualClock(_cpu, ClockMode.Deterministic));
        _loop = new RunLoop(_cpu, _scheduler);
    }

    [Fact]
    public void SlicesNeverOverrunTheNextEventDeadline()
    {
        List<long> firedAt = [];
        TimerEvent periodic = null!;
        periodic = new TimerEvent("periodic", due =>
        {
            firedAt.Add(_scheduler.Now);
            _scheduler.Schedule(periodic, due + 300_000);
        });
        _scheduler.Schedule(periodic, 300_000);

        MachineStopReason reason = _loop.Run(instructionLimit: 1_000_000);

        Assert.Equal(MachineStopReason.InstructionLimit, reason);
        Assert.Equal([300_000L, 600_000L, 900_000L], firedAt);
        Assert.All(_cpu.Budgets, b => Assert.InRange(b, 1, 1_000_000));
    }

    [Fact]
    public void SliceIsCappedAtOneMillisecondOfVirtualTime()
    {
        _loop.Run(instructionLimit: 5_000_000);

        Assert.Equal(5, _cpu.Budgets.Count);
        Assert.All(_cpu.Budgets, b => Assert.Equal(1_000_000, b));
    }

    [Fact]
    public void HaltWithInterruptsOffEndsTheRun()
    {
        _cpu.HaltAt = 1234;
        _cpu.InterruptsEnabled = false;

        Assert.Equal(MachineStopReason.HaltedForever, _loop.Run());
        Assert.Equal(1234, _cpu.InstructionCount);
    }

    [Fact]
    public void HaltedCpuSkipsVirtualTimeToTheNextEventAndWakes()
    {
        _cpu.HaltAt = 100;
        TimerEvent irq = new("irq", _ => _cpu.RaiseInterrupt());
        _scheduler.Schedule(irq, 50_000_000);

        MachineStopReason reason = _loop.Run(instructionLimit: 200);

        Assert.Equal(MachineStopReason.InstructionLimit, reason);
        Assert.Equal(1, _cpu.Wakeups);
        Assert.True(_scheduler.Now >= 50_000_000);
    }

    [Fact]
    public void HaltWithNothingScheduledEndsTheRunUnlessSomeoneCanStillAct()
    {
        _cpu.HaltAt = 10;
        Assert.Equal(MachineStopReason.HaltedForever, _loop.Run());
    }

    [Fact]
    public void PostedWorkRunsOnTheLoopAndQuitEndsIt()
    {
        _cpu.HaltAt = 10;
        _cpu.InterruptsEnabled = false;
        _loop.WaitForWorkWhenIdle = true;
        int ranOn = -1;
        Thread poster = new(() =>
        {
            Thread.Sleep(50);
            _loop.Post(() => ranOn = Environment.CurrentManagedThreadId);
            _loop.Post(_loop.RequestQuit);
        });
        poster.Start();

        MachineStopReason reason = _loop.Run();
        poster.Join();

        Assert.Equal(MachineStopReason.Quit, reason);
        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
    }

    [Fact]
    public void GuestResetEndsTheRunWithNoReboot()
    {
        TimerEvent reset = new("reset", _ => _loop.RequestReset());
        _scheduler.Schedule(reset, 2_500);
        _loop.RebootOnReset = false;

        Assert.Equal(MachineStopReason.GuestReset, _loop.Run());
        Assert.Equal(2_500, _cpu.InstructionCount);
    }

    [Fact]
    public void GuestResetCallsTheResetHandlerAndContinues()
    {
        int resets = 0;
        _loop.ResetHandler = () => resets++;
        TimerEvent reset = new("reset", _ => _loop.RequestReset());
        _scheduler.Schedule(reset, 2_500);

        Assert.Equal(MachineStopReason.InstructionLimit, _loop.Run(instructionLimit: 10_000));
        Assert.Equal(1, resets);
    }

    [Fact]
    public void PowerOffEndsTheRun()
    {
        TimerEvent off = new("off", _ => _loop.RequestPowerOff());
        _scheduler.Schedule(off, 77);

        Assert.Equal(MachineStopReason.PowerOff, _loop.Run());
    }

    [Fact]
    public void AnEventScheduledEarlierAsksTheCpuToLeaveItsSlice()
    {
        TimerEvent late = new("late", _ => { });
        TimerEvent early = new("early", _ => { });
        _scheduler.Schedule(late, 900_000);
        int before = _cpu.ExitRequests;

        _scheduler.Schedule(early, 10);

        Assert.Equal(before + 1, _cpu.ExitRequests);
    }

    [Fact]
    public void RealTimeModeSleepsUntilTheEventInsteadOfSkipping()
    {
        ScriptedProcessor cpu = new() { HaltAt = 10 };
        EventScheduler scheduler = new(new VirtualClock(cpu, ClockMode.RealTime));
        RunLoop loop = new(cpu, scheduler);
        TimerEvent irq = new("irq", _ => cpu.RaiseInterrupt());
        scheduler.Schedule(irq, scheduler.Now + 20_000_000);
        long start = scheduler.Now;

        Assert.Equal(MachineStopReason.InstructionLimit, loop.Run(instructionLimit: 20));

        Assert.Equal(1, cpu.Wakeups);
        Assert.True(scheduler.Now - start >= 20_000_000);
    }

    [Fact]
    public void PausedMachineRunsNoGuestCodeUntilResumed()
    {
        _loop.Paused = true;
        Thread resumer = new(() =>
        {
            Thread.Sleep(30);
            _loop.Post(() => _loop.Paused = false);
        });
        resumer.Start();

        Assert.Equal(MachineStopReason.InstructionLimit, _loop.Run(instructionLimit: 100));
        resumer.Join();
        Assert.Equal(100, _cpu.InstructionCount);
    }
}
