using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>A plain QMP client over a real socket: sends one request a line, reads CR LF framed messages.</summary>
internal sealed class QmpClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private QmpClient(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), false, 1 << 16);
    }

    /// <summary>Events read while waiting for replies, in arrival order.</summary>
    public List<JsonObject> Events { get; } = [];

    public static async Task<QmpClient> ConnectAsync(EndPoint endpoint)
    {
        Socket socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint).WaitAsync(Timeout);
        return new QmpClient(socket);
    }

    /// <summary>One raw CR LF terminated line (pretty-printed messages span several), or null at EOF.</summary>
    public Task<string?> ReadLineAsync() => _reader.ReadLineAsync().WaitAsync(Timeout);

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().WaitAsync(Timeout);

    /// <summary>One message, or null at EOF.</summary>
    public Task<JsonObject?> ReadAsync() => ReadAsync(Timeout);

    /// <summary>One message within <paramref name="limit"/> (a guest boot's silence is longer than <see cref="Timeout"/>), or null at EOF.</summary>
    public async Task<JsonObject?> ReadAsync(TimeSpan limit)
    {
        string? line = await _reader.ReadLineAsync().WaitAsync(limit);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>Sends a request and returns its reply (return or error); events before it go to <see cref="Events"/>.</summary>
    public async Task<JsonObject> ExecuteAsync(string request)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n")).AsTask().WaitAsync(Timeout);
        while (true)
        {
            JsonObject message = await ReadAsync() ?? throw new EndOfStreamException($"monitor closed the connection before replying to {request}");
            if (message.ContainsKey("return") || message.ContainsKey("error"))
            {
                return message;
            }

            Events.Add(message);
        }
    }

    /// <summary>
    /// Reads until the monitor closes; events go to <see cref="Events"/>. A reset counts as the
    /// close: qemu-system-i386 exiting sometimes resets the connection instead of ending it.
    /// </summary>
    public async Task ReadToEndAsync()
    {
        try
        {
            while (await ReadAsync() is { } message)
            {
                Events.Add(message);
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}
