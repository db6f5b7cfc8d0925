namespace Emu.Core.Timing;

public enum ClockMode
{
    /// <summary>Virtual time follows executed instructions: the same inputs give the same run.</summary>
    Deterministic,

    /// <summary>Virtual time follows the host's monotonic clock.</summary>
    RealTime,
}
