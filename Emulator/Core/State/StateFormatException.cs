namespace Emu.Core.State;

/// <summary>
/// A saved state that cannot be loaded: bad magic, a truncated or malformed section, a field
/// missing, of the wrong kind or out of range. The message names the section and the field.
/// </summary>
public sealed class StateFormatException : Exception
{
    public StateFormatException(string message)
        : base(message)
    {
    }
}
