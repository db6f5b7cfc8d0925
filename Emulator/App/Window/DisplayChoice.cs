using Emu.App.Options;
using Emu.Core.Timing;

namespace Emu.App.Window;

/// <summary>
/// Settles what the display options leave open, before the machine is built: with no display
/// option a window opens when the environment names a display ($DISPLAY or $WAYLAND_DISPLAY), as
/// QEMU's default display does, and the run is headless otherwise; a window runs the clock in real
/// time unless <c>--clock</c> says otherwise (design.md, Time).
/// </summary>
public static class DisplayChoice
{
    public static void Resolve(EmuOptions options, Func<string, string?> environment)
    {
        if (options.Display == DisplayMode.Default
            && (!string.IsNullOrEmpty(environment("DISPLAY")) || !string.IsNullOrEmpty(environment("WAYLAND_DISPLAY"))))
        {
            options.Display = DisplayMode.Sdl;
        }

        if (options.Display == DisplayMode.Sdl && !options.ClockGiven)
        {
            options.Clock = ClockMode.RealTime;
        }
    }
}
