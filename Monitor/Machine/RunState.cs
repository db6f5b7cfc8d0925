namespace Emu.Monitor.Machine;

/// <summary>The VM run states QMP reports (qapi/run-state.json RunState), those Emu uses.</summary>
public enum RunState
{
    /// <summary>Started with -S and never run, or reset while not running.</summary>
    Prelaunch,
    Running,

    /// <summary>Stopped by stop.</summary>
    Paused,

    /// <summary>Stopped because a drive with werror/rerror=stop failed a request (QEMU RUN_STATE_IO_ERROR).</summary>
    IoError,

    /// <summary>Guest powered off while -no-shutdown was given.</summary>
    Shutdown,
}
