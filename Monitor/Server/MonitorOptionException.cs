namespace Emu.Monitor.Server;

/// <summary>A -qmp/-chardev/-mon value Emu cannot serve, or a socket that could not be bound; the message says why.</summary>
public sealed class MonitorOptionException : Exception
{
    public MonitorOptionException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
