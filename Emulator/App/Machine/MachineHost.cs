using Emu.Devices.Serial;

namespace Emu.App.Machine;

/// <summary>
/// What a machine connects to on the host side: the character backend behind "stdio" and the
/// sink for warnings. The program passes the process's console; tests pass memory backends.
/// </summary>
public sealed class MachineHost
{
    /// <summary>The backend used by <c>-serial stdio</c>, <c>-debugcon stdio</c> and <c>-nographic</c>.</summary>
    public required ICharBackend Stdio { get; init; }

    /// <summary>Warnings (BIOS, block layer), one line each.</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>The built-in demo guest (a raw floppy image), used when no drive and no firmware is given.</summary>
    public byte[]? DemoGuest { get; init; }

    /// <summary>Overrides the time the RTC starts from (tests that need the same clock every run).</summary>
    public DateTime? RtcStart { get; init; }
}
