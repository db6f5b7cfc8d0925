using System.Runtime.CompilerServices;

namespace Emu.Regress.Tests;

/// <summary>
/// Runs every emu these tests start headless, even on a desktop: with $DISPLAY or
/// $WAYLAND_DISPLAY set and no display option, emu opens a window (as QEMU does). The window
/// tests give their emu a DISPLAY of their own Xvfb.
/// </summary>
internal static class HeadlessEnvironment
{
#pragma warning disable CA2255 // a test assembly's process-wide setting, before any test starts a process
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ClearDisplay()
    {
        Environment.SetEnvironmentVariable("DISPLAY", null);
        Environment.SetEnvironmentVariable("WAYLAND_DISPLAY", null);
    }
}
