namespace Emu.Monitor.Qmp;

[Flags]
public enum QmpCommandFlags
{
    None = 0,

    /// <summary>Usable in capabilities-negotiation mode (only qmp_capabilities).</summary>
    AllowedBeforeNegotiation = 1,

    /// <summary>Only in negotiation mode; in command mode the command does not exist for dispatch.</summary>
    NegotiationOnly = 2,
}
