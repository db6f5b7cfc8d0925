using System.Net;
using System.Net.Sockets;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Server;

/// <summary>
/// Serves one monitor endpoint. A socket monitor accepts one client at a time, as QEMU does (spec
/// qmp.md 9.2): the next connection waits in the listen backlog until the current one closes,
/// then gets a fresh greeting. A stdio monitor serves stdin/stdout once.
/// Shutdown is ordered: <see cref="CloseAsync"/> cancels the accept loop and waits for it to end
/// before the socket is disposed, so no accept ever starts on a disposed socket.
/// </summary>
public sealed class MonitorListener
{
    /// <summary>Listen backlog: clients waiting their turn are connected but silent.</summary>
    public const int Backlog = 128;

    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private static long _nextConnectionId;

    private readonly MonitorEndpoint _endpoint;
    private readonly bool _pretty;
    private readonly MonitorServices _services;
    private readonly Action<string>? _log;
    private readonly Socket? _socket;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _loopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private bool _running;
    private bool _closed;

    private MonitorListener(MonitorEndpoint endpoint, bool pretty, MonitorServices services, Action<string>? log, Socket? socket)
    {
        _endpoint = endpoint;
        _pretty = pretty;
        _services = services;
        _log = log;
        _socket = socket;
    }

    /// <summary>The bound address (the real port when 0 was asked), or null for stdio.</summary>
    public EndPoint? LocalEndPoint => _socket?.LocalEndPoint;

    public MonitorEndpoint Endpoint => _endpoint;

    /// <summary>Binds and listens now, so a bad address fails at start with a clear message.</summary>
    public static MonitorListener Bind(MonitorEndpoint endpoint, bool pretty, MonitorServices services, Action<string>? log)
    {
        if (endpoint.Transport == MonitorTransport.Stdio)
        {
            return new MonitorListener(endpoint, pretty, services, log, null);
        }

        Socket socket;
        try
        {
            socket = endpoint.InheritedFd is { } fd ? Inherited(fd)
                : endpoint.Transport == MonitorTransport.Unix ? BindUnix(endpoint.Path!) : BindTcp(endpoint.Host ?? string.Empty, endpoint.Port);
        }
        catch (SocketException e)
        {
            throw new MonitorOptionException($"-qmp {endpoint}: Failed to bind socket: {e.Message}", e);
        }

        return new MonitorListener(endpoint, pretty, services, log, socket);
    }

    /// <summary>QEMU's socket chardev fd=N: the descriptor must be a listening socket (libvirt passes one it bound).</summary>
    private static Socket Inherited(int fd)
    {
        Socket socket = new(new SafeSocketHandle((IntPtr)fd, ownsHandle: true));
        if (socket.SocketType != SocketType.Stream)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.SocketNotSupported);
        }

        return socket;
    }

    private static Socket BindUnix(string path)
    {
        // QEMU unlinks a stale socket file before binding.
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows())
            {
                // Only the owner may talk to the monitor; the socket is not listening yet.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket BindTcp(string host, int port)
    {
        IPAddress address = host.Length == 0 ? IPAddress.Any
            : IPAddress.TryParse(host, out IPAddress? parsed) ? parsed
            : Dns.GetHostAddresses(host).First();
        Socket socket = new(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // SO_REUSEADDR alone, as QEMU sets it: a restart may rebind over TIME_WAIT, but a
                // port another listener holds stays refused (.NET's ReuseAddress would also set
                // SO_REUSEPORT and let two monitors share a port).
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Accept loop: one connection at a time until <paramref name="stop"/> fires or the listener
    /// is closed; either ends the loop quietly. Runs at most once, and not after a close.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        lock (_gate)
        {
            if (_closed || _running)
            {
                return;
            }

            _running = true;
        }

        try
        {
            using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _closing.Token);
            await AcceptLoop(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _loopEnded.TrySetResult();
        }
    }

    /// <summary>
    /// Stops listening: ends the accept loop and the connection it serves, then closes the socket
    /// (clients still waiting in the backlog see it close) and removes a unix socket file.
    /// </summary>
    public async Task CloseAsync()
    {
        bool running;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            running = _running;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        if (running)
        {
            await _loopEnded.Task.ConfigureAwait(false);
        }

        _socket?.Dispose();
        if (_endpoint.Transport == MonitorTransport.Unix && File.Exists(_endpoint.Path))
        {
            File.Delete(_endpoint.Path!);
        }
    }

    private async Task AcceptLoop(CancellationToken stop)
    {
        if (_socket is null)
        {
            await using Stream input = new StdinStream(Console.OpenStandardInput());
            await using Stream output = Console.OpenStandardOutput();
            await Serve(input, output, stop).ConfigureAwait(false);
            return;
        }

        // The socket lives until this loop has ended (CloseAsync waits for it), so an accept
        // ends only by cancellation or by a network error worth logging.
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                _log?.Invoke($"qmp: {_endpoint}: accept failed: {e.Message}");
                continue;
            }

            // query-chardev shows the connected peer of a TCP monitor (QEMU char-socket.c); a unix one has no address to show.
            _services.MonitorConnected(_endpoint, PeerText(client));
            try
            {
                await using NetworkStream stream = new(client, ownsSocket: true);
                await Serve(stream, stream, stop).ConfigureAwait(false);
            }
            finally
            {
                _services.MonitorDisconnected(_endpoint);
            }
        }
    }

    /// <summary>"address:port" of a TCP client; empty for a unix one or a client already gone.</summary>
    private static string PeerText(Socket client)
    {
        try
        {
            return client.RemoteEndPoint is IPEndPoint ip ? $"{ip.Address}:{ip.Port}" : string.Empty;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return string.Empty;
        }
    }

    private Task Serve(Stream input, Stream output, CancellationToken stop)
    {
        long id = Interlocked.Increment(ref _nextConnectionId);
        QmpConnection connection = new(id, input, output, _endpoint.Pretty ?? _pretty, _services, _log);
        return connection.RunAsync(stop);
    }
}
