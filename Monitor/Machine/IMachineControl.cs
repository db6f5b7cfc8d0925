namespace Emu.Monitor.Machine;

/// <summary>
/// What the monitor needs from the running machine. The App implements it around its run loop;
/// every member except <see cref="InvokeAsync"/> is called on the machine thread (from inside an
/// action given to <see cref="InvokeAsync"/>), so the implementation needs no locking.
/// </summary>
public interface IMachineControl
{
    /// <summary>
    /// Runs <paramref name="action"/> on the machine thread between CPU slices and completes when it
    /// has run (faulted with its exception if it threw). Safe to call from any thread; must work
    /// while the VM is stopped. After the machine has ended it fails with <see cref="ObjectDisposedException"/>.
    /// </summary>
    Task InvokeAsync(Action action);

    RunState RunState { get; }

    /// <summary>Stops executing guest code: Running → Paused. Called only while Running.</summary>
    void Pause();

    /// <summary>Starts or resumes guest code: Prelaunch/Paused → Running.</summary>
    void Resume();

    /// <summary>
    /// System reset (QEMU qemu_system_reset): CPU and devices to power-on state, drives keep their
    /// media. A VM that was not running is left in <see cref="RunState.Prelaunch"/>.
    /// </summary>
    void Reset();

    /// <summary>Presses the ACPI power button (the guest may ignore it).</summary>
    void PowerDown();

    /// <summary>
    /// Ends the machine (QMP quit): the run loop stops and the App exits with status 0 after
    /// disposing the <see cref="MonitorHost"/>. Called after the quit reply has been queued.
    /// </summary>
    void Quit();

    /// <summary>Guest virtual clock in nanoseconds (snapshot vm-clock); 0 if the VM never ran.</summary>
    long VirtualClockNanoseconds { get; }
}
