namespace Emu.Monitor.Server;

public enum MonitorTransport
{
    Tcp,
    Unix,
    Stdio,
}
