namespace Emu.Monitor.Nbd;

/// <summary>An option the server refuses with an NBD_REP_ERR_* reply; negotiation continues.</summary>
internal sealed class NbdOptionException : Exception
{
    public NbdOptionException(uint reply, string message)
        : base(message)
    {
        Reply = reply;
    }

    public uint Reply { get; }
}
