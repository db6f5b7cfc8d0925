namespace Emu.App.Window;

/// <summary>The window could not be opened (no libSDL2, no display to open it on); the message says why.</summary>
internal sealed class WindowException : Exception
{
    public WindowException(string message)
        : base(message)
    {
    }
}
