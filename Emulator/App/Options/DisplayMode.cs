namespace Emu.App.Options;

public enum DisplayMode
{
    /// <summary>No display option given: a window when $DISPLAY or $WAYLAND_DISPLAY is set (QEMU's default), else as <c>-nographic</c>.</summary>
    Default,

    /// <summary><c>-display none</c>: nothing shown; COM1 only where <c>-serial</c> sends it.</summary>
    None,

    /// <summary><c>-nographic</c>: COM1 on stdio with the BIOS's INT 10h text mirrored into it.</summary>
    NoGraphic,

    /// <summary><c>-display sdl</c>: the SDL window; COM1 only where <c>-serial</c> sends it.</summary>
    Sdl,
}
