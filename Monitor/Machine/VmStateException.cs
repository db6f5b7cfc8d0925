namespace Emu.Monitor.Machine;

/// <summary>A machine state that cannot be saved or loaded; the message is the monitor's error text.</summary>
public sealed class VmStateException : Exception
{
    public VmStateException(string message)
        : base(message)
    {
    }

    public VmStateException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
