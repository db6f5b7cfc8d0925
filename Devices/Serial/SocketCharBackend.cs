using System.Net;
using System.Net.Sockets;

namespace Emu.Devices.Serial;

/// <summary>
/// QEMU <c>-serial tcp:HOST:PORT,server,nowait</c> and <c>-serial unix:PATH,server,nowait</c>:
/// listens on one socket and serves one client at a time. Output while no client is connected
/// is dropped (as QEMU's nowait server does); input from the client is queued for the machine
/// thread. Accepting and receiving run on one background thread; writes happen on the machine
/// thread and drop the client on a send error.
/// </summary>
public sealed class SocketCharBackend : ICharBackend, IDisposable
{
    private readonly CharInputQueue _input = new();
    private readonly Socket _listener;
    private readonly Lock _clientLock = new();
    private readonly Thread _thread;
    private readonly string? _unixPath;
    private Socket? _client;
    private volatile bool _disposed;

    private SocketCharBackend(Socket listener, string? unixPath)
    {
        _listener = listener;
        _unixPath = unixPath;
        _thread = new Thread(AcceptLoop) { IsBackground = true, Name = "serial-socket" };
        _thread.Start();
    }

    public Action? InputAvailable
    {
        get => _input.InputAvailable;
        set => _input.InputAvailable = value;
    }

    public bool HasInput => _input.HasInput;

    /// <summary>The TCP endpoint actually bound (port 0 picks a free one), or null for a Unix socket.</summary>
    public IPEndPoint? LocalEndPoint => _listener.LocalEndPoint as IPEndPoint;

    public bool IsClientConnected
    {
        get
        {
            lock (_clientLock)
            {
                return _client is not null;
            }
        }
    }

    public static SocketCharBackend ListenTcp(IPAddress address, int port)
    {
        Socket listener = new(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(1);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new SocketCharBackend(listener, null);
    }

    public static SocketCharBackend ListenUnix(string path)
    {
        File.Delete(path);
        Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new SocketCharBackend(listener, path);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_clientLock)
        {
            if (_client is null)
            {
                return;
            }

            try
            {
                _client.Send(data);
            }
            catch (SocketException)
            {
                DropClient();
            }
            catch (ObjectDisposedException)
            {
                _client = null;
            }
        }
    }

    public int Read(Span<byte> destination) => _input.Read(destination);

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
        lock (_clientLock)
        {
            DropClient();
        }

        if (_unixPath is not null)
        {
            File.Delete(_unixPath);
        }
    }

    private void AcceptLoop()
    {
        byte[] buffer = new byte[1024];
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            lock (_clientLock)
            {
                _client = client;
            }

            while (true)
            {
                int count;
                try
                {
                    count = client.Receive(buffer);
                }
                catch (SocketException)
                {
                    count = 0;
                }
                catch (ObjectDisposedException)
                {
                    count = 0;
                }

                if (count <= 0)
                {
                    break;
                }

                _input.Enqueue(buffer.AsSpan(0, count));
            }

            lock (_clientLock)
            {
                if (ReferenceEquals(_client, client))
                {
                    DropClient();
                }
            }
        }
    }

    private void DropClient()
    {
        _client?.Dispose();
        _client = null;
    }
}
