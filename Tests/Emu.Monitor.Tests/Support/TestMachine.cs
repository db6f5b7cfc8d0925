using System.Collections.Concurrent;
using Emu.Devices.Storage;
using Emu.Monitor.Machine;

namespace Emu.Monitor.Tests.Support;

/// <summary>
/// A machine-control implementation for monitor tests: a real dedicated machine thread that runs
/// posted work in order, a run state that follows QEMU's rules, and a reset that resets the drives'
/// removable-media devices as the IDE reset does (spec ide-atapi-bios.md B.8).
/// </summary>
public sealed class TestMachine : IMachineControl, IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread _thread;
    private readonly IReadOnlyList<BlockDrive> _drives;
    private readonly TaskCompletionSource _quit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestMachine(IReadOnlyList<BlockDrive> drives, RunState initial = RunState.Prelaunch)
    {
        _drives = drives;
        RunState = initial;
        _thread = new Thread(Loop) { IsBackground = true, Name = "test machine" };
        _thread.Start();
    }

    public RunState RunState { get; private set; }

    public long VirtualClockNanoseconds => 0;

    public int PowerButtonPresses { get; private set; }

    /// <summary>Completes when quit was called.</summary>
    public Task QuitRequested => _quit.Task;

    public int MachineThreadId => _thread.ManagedThreadId;

    public Task InvokeAsync(Action action)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _queue.Add(() =>
            {
                try
                {
                    action();
                    done.SetResult();
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
        }
        catch (InvalidOperationException)
        {
            return Task.FromException(new ObjectDisposedException(nameof(TestMachine)));
        }

        return done.Task;
    }

    /// <summary>Runs a guest-side action (the ATAPI model's part) on the machine thread.</summary>
    public Task GuestAsync(Action action) => InvokeAsync(action);

    public void Pause()
    {
        CheckThread();
        RunState = RunState.Paused;
    }

    public void Resume()
    {
        CheckThread();
        RunState = RunState.Running;
    }

    public void Reset()
    {
        CheckThread();
        foreach (BlockDrive drive in _drives)
        {
            drive.Tray?.Reset();
        }

        if (RunState != RunState.Running)
        {
            RunState = RunState.Prelaunch;
        }
    }

    public void PowerDown()
    {
        CheckThread();
        PowerButtonPresses++;
    }

    public void Quit()
    {
        CheckThread();
        _quit.TrySetResult();
    }

    /// <summary>Guest power-off under -no-shutdown: the App reports SHUTDOWN and STOP and the state becomes shutdown.</summary>
    public void GuestPowerOff()
    {
        CheckThread();
        RunState = RunState.Shutdown;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void CheckThread()
    {
        if (Environment.CurrentManagedThreadId != _thread.ManagedThreadId)
        {
            throw new InvalidOperationException("machine state touched outside the machine thread");
        }
    }

    private void Loop()
    {
        foreach (Action action in _queue.GetConsumingEnumerable())
        {
            action();
        }
    }
}
