using Emu.App.Options;
using Emu.App.Window;
using Emu.Core.Timing;

namespace Emu.Guest.Tests;

/// <summary>-display and the choice of a window when no display option is given (QEMU's default display).</summary>
public sealed class DisplayOptionTests
{
    [Theory]
    [InlineData("sdl", DisplayMode.Sdl)]
    [InlineData("sdl,gl=off", DisplayMode.Sdl)]
    [InlineData("none", DisplayMode.None)]
    public void AcceptsSdlAndNone(string value, DisplayMode expected) =>
        Assert.Equal(expected, CommandLine.Parse(["-display", value]).Display);

    [Theory]
    [InlineData("gtk", "only '-display sdl' and '-display none' are available")]
    [InlineData("sdl,gl=on", "OpenGL is not supported")]
    [InlineData("sdl,grab-mod=rctrl", "display option 'grab-mod' is not supported")]
    public void RefusesWhatItCannotShow(string value, string message)
    {
        OptionException e = Assert.Throws<OptionException>(() => CommandLine.Parse(["-display", value]));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(":0", null, DisplayMode.Sdl)]
    [InlineData(null, "wayland-0", DisplayMode.Sdl)]
    [InlineData(null, null, DisplayMode.Default)]
    [InlineData("", "", DisplayMode.Default)]
    public void NoDisplayOptionOpensAWindowOnlyWhenTheEnvironmentNamesADisplay(string? display, string? wayland, DisplayMode expected)
    {
        EmuOptions options = CommandLine.Parse([]);
        DisplayChoice.Resolve(options, name => name == "DISPLAY" ? display : name == "WAYLAND_DISPLAY" ? wayland : null);
        Assert.Equal(expected, options.Display);
        Assert.Equal(expected == DisplayMode.Sdl ? ClockMode.RealTime : ClockMode.Deterministic, options.Clock);
    }

    [Fact]
    public void ExplicitDisplayAndClockWin()
    {
        EmuOptions none = CommandLine.Parse(["-display", "none"]);
        DisplayChoice.Resolve(none, _ => ":0");
        Assert.Equal(DisplayMode.None, none.Display);

        EmuOptions deterministic = CommandLine.Parse(["-display", "sdl", "--clock", "deterministic"]);
        DisplayChoice.Resolve(deterministic, _ => null);
        Assert.Equal(ClockMode.Deterministic, deterministic.Clock);
    }
}
