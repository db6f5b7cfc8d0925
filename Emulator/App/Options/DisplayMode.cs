namespace Emu.App.Options;

public enum DisplayMode
{
    /// <summary>No display option given: without a window, behaves as <c>-nographic</c>.</summary>
    Default,

    /// <summary><c>-display none</c>: nothing shown; COM1 only where <c>-serial</c> sends it.</summary>
    None,

    /// <summary><c>-nographic</c>: COM1 on stdio with the BIOS's INT 10h text mirrored into it.</summary>
    NoGraphic,
}
