using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Where the NBD server listens: QMP's SocketAddressLegacy <c>inet</c> (host, port as a string)
/// or <c>unix</c> (path). Only these two kinds are supported.
/// </summary>
public sealed class NbdEndpoint
{
    private NbdEndpoint(string? host, string? port, string? path)
    {
        Host = host;
        Port = port;
        Path = path;
    }

    /// <summary>Host of an inet endpoint (name or address); null for a unix endpoint.</summary>
    public string? Host { get; }

    /// <summary>Port of an inet endpoint as QMP spells it (a decimal string); null for unix.</summary>
    public string? Port { get; }

    /// <summary>Socket path of a unix endpoint; null for inet.</summary>
    public string? Path { get; }

    public bool IsUnix => Path is not null;

    public static NbdEndpoint Inet(string host, string port) => new(host, port, null);

    public static NbdEndpoint Unix(string path) => new(null, null, path);

    /// <summary>Resolves to a socket address; throws <see cref="NbdServerException"/> with QEMU's text.</summary>
    internal EndPoint Resolve()
    {
        if (Path is not null)
        {
            return new UnixDomainSocketEndPoint(Path);
        }

        if (!int.TryParse(Port, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new NbdServerException($"Failed to parse port '{Port}'");
        }

        string host = Host ?? string.Empty;
        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address))
        {
            return new IPEndPoint(address, port);
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        try
        {
            IPAddress[] addresses = Dns.GetHostAddresses(host);
            foreach (IPAddress a in addresses)
            {
                if (a.AddressFamily == AddressFamily.InterNetwork)
                {
                    return new IPEndPoint(a, port);
                }
            }

            if (addresses.Length > 0)
            {
                return new IPEndPoint(addresses[0], port);
            }
        }
        catch (SocketException)
        {
        }

        throw new NbdServerException($"address resolution failed for {host}:{Port}: Name or service not known");
    }

    public override string ToString() => Path is not null ? $"unix:{Path}" : $"{Host}:{Port}";
}
