using System.Collections.Concurrent;
using Emu.App.Machine;
using Emu.Devices.Storage;
using Emu.Monitor.Machine;

namespace Emu.App.Monitor;

/// <summary>
/// The monitor's view of a <see cref="PcMachine"/>: work reaches the machine thread through
/// <see cref="Core.Machine.RunLoop.Post"/>, stop/cont map to <see cref="Core.Machine.RunLoop.Paused"/>,
/// and the run state follows QEMU's rules (qmp.md 5.3, 5.5): prelaunch under <c>-S</c> until the
/// first cont, and again after a reset of a VM that was not running; shutdown after a guest
/// power-off under <c>-no-shutdown</c>.
/// </summary>
public sealed class PcMachineControl : IMachineControl
{
    private readonly PcMachine _machine;
    private readonly ConcurrentDictionary<TaskCompletionSource, byte> _pending = new();
    private volatile bool _ended;
    private volatile bool _quitByMonitor;

    public PcMachineControl(PcMachine machine, bool startPaused)
    {
        _machine = machine;
        RunState = startPaused ? RunState.Prelaunch : RunState.Running;
    }

    public RunState RunState { get; private set; }

    /// <summary>True once <see cref="Quit"/> (QMP quit) asked the loop to end.</summary>
    public bool QuitByMonitor => _quitByMonitor;

    public long VirtualClockNanoseconds => _machine.Clock.Now;

    public Task InvokeAsync(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_ended)
        {
            return Task.FromException(new ObjectDisposedException(nameof(PcMachine), "the machine has ended"));
        }

        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.TryAdd(done, 0);
        _machine.Loop.Post(() =>
        {
            if (!_pending.TryRemove(done, out _))
            {
                return;
            }

            try
            {
                action();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });

        // The loop may have ended between the check above and the post: nothing would run it then.
        if (_ended && _pending.TryRemove(done, out _))
        {
            done.TrySetException(new ObjectDisposedException(nameof(PcMachine), "the machine has ended"));
        }

        return done.Task;
    }

    public void Pause()
    {
        _machine.Loop.Paused = true;
        RunState = RunState.Paused;
    }

    public void Resume()
    {
        bool retry = RunState == RunState.IoError;
        _machine.Loop.Paused = false;
        RunState = RunState.Running;
        if (retry)
        {
            _machine.Ide?.RetryStoppedRequests();
        }
    }

    /// <summary>
    /// Machine thread: a request failed on a drive with werror/rerror=stop (QEMU vm_stop with
    /// RUN_STATE_IO_ERROR). Returns whether the VM was running and stopped now (STOP is reported).
    /// </summary>
    internal bool StopForIoError()
    {
        if (RunState != RunState.Running)
        {
            return false;
        }

        _machine.Loop.Paused = true;
        RunState = RunState.IoError;
        return true;
    }

    /// <summary>QEMU qemu_system_reset: CPU, chipset and the drives' devices; a stopped VM becomes prelaunch.</summary>
    public void Reset()
    {
        _machine.Reset();
        if (RunState != RunState.Running)
        {
            RunState = RunState.Prelaunch;
            _machine.Loop.Paused = true;
        }
    }

    /// <summary>
    /// The ACPI power button (QEMU <c>qmp_system_powerdown</c>): the PIIX4 PM sets PWRBTN_STS and
    /// raises the SCI if the guest enabled the button; a guest that did not, or a machine without
    /// ACPI (isapc), sees nothing.
    /// </summary>
    public void PowerDown() => _machine.PowerManagement?.PressPowerButton();

    public void Quit()
    {
        _quitByMonitor = true;
        _machine.Loop.RequestQuit();
    }

    /// <summary>Machine thread, after a power-off under <c>-no-shutdown</c> paused the loop.</summary>
    internal void PoweredOffWhileKept() => RunState = RunState.Shutdown;


    /// <summary>Called once the run loop has returned: later and still-queued work fails with ObjectDisposedException.</summary>
    internal void End()
    {
        _ended = true;
        foreach (TaskCompletionSource pending in _pending.Keys)
        {
            if (_pending.TryRemove(pending, out _))
            {
                pending.TrySetException(new ObjectDisposedException(nameof(PcMachine), "the machine has ended"));
            }
        }
    }
}
