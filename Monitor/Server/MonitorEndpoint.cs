namespace Emu.Monitor.Server;

/// <summary>
/// One QMP monitor to serve: a listening TCP or unix socket, or stdio. <see cref="Pretty"/> null
/// means "as -qmp-pretty says".
/// </summary>
public sealed record MonitorEndpoint(MonitorTransport Transport, string? Host, int Port, string? Path, bool? Pretty = null)
{
    /// <summary>The chardev label query-chardev shows: compat_monitorN for -qmp, the -chardev id for -mon.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// <c>-chardev socket,fd=N</c>: a socket the parent (libvirt) already bound and set listening,
    /// inherited as descriptor N; Emu accepts on it instead of binding <see cref="Path"/> or a port.
    /// </summary>
    public int? InheritedFd { get; init; }

    public override string ToString() => Transport switch
    {
        MonitorTransport.Tcp => $"tcp:{Host}:{Port}",
        MonitorTransport.Unix when InheritedFd is { } fd => $"fd={fd}",
        MonitorTransport.Unix => $"unix:{Path}",
        _ => "stdio",
    };
}
