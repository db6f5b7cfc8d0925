using Emu.Monitor.Machine;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>A stopped machine: actions run at once, serialised as the machine thread would.</summary>
internal sealed class FakeMachine : IMachineControl
{
    private readonly object _thread = new();

    public RunState RunState { get; private set; } = RunState.Prelaunch;

    public long VirtualClockNanoseconds => 0;

    public Task InvokeAsync(Action action)
    {
        lock (_thread)
        {
            try
            {
                action();
                return Task.CompletedTask;
            }
            catch (Exception failure)
            {
                return Task.FromException(failure);
            }
        }
    }

    public void Pause() => RunState = RunState.Paused;

    public void Resume() => RunState = RunState.Running;

    public void Reset()
    {
    }

    public void PowerDown()
    {
    }

    public void Quit()
    {
    }
}
