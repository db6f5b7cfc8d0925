namespace Emu.Monitor.Nbd;

/// <summary>
/// A refused NBD server operation. The message is QEMU's text for the same case, so the QMP
/// commands report it unchanged as a GenericError.
/// </summary>
public sealed class NbdServerException : Exception
{
    public NbdServerException(string message)
        : base(message)
    {
    }
}
