namespace Emu.Monitor.Qmp;

/// <summary>What a command handler sees: the monitor services and the session that sent the command.</summary>
public sealed class QmpCommandContext
{
    public QmpCommandContext(MonitorServices services, QmpSession session)
    {
        Services = services;
        Session = session;
    }

    public MonitorServices Services { get; }

    public QmpSession Session { get; }
}
