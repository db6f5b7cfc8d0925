using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Monitor.Tests.Support;

/// <summary>
/// A plain QMP client over a real socket for tests: sends raw text, reads CR LF framed compact
/// messages. The same client drives QEMU and Emu.
/// </summary>
public sealed class QmpTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private QmpTestClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), false, 1 << 16);
    }

    public static async Task<QmpTestClient> ConnectAsync(EndPoint endpoint)
    {
        Socket socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint).WaitAsync(Timeout);
        return new QmpTestClient(socket);
    }

    public static EndPoint Unix(string path) => new UnixDomainSocketEndPoint(path);

    /// <summary>Connects, reads the greeting and negotiates.</summary>
    public static async Task<QmpTestClient> ConnectNegotiatedAsync(EndPoint endpoint)
    {
        QmpTestClient client = await ConnectAsync(endpoint);
        await client.ReadLineAsync();
        JsonObject reply = await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        Assert.True(reply.ContainsKey("return"), reply.ToJsonString());
        return client;
    }

    public async Task SendAsync(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        await _stream.WriteAsync(bytes).AsTask().WaitAsync(Timeout);
    }

    /// <summary>One CR LF terminated message, or null at EOF.</summary>
    public async Task<string?> ReadLineAsync()
    {
        string? line = await _reader.ReadLineAsync().WaitAsync(Timeout);
        return line;
    }

    /// <summary>Reads messages until a reply (return or error); events before it go to <paramref name="events"/>.</summary>
    public async Task<JsonObject> ReadReplyAsync(List<JsonObject>? events = null)
    {
        while (true)
        {
            string line = await ReadLineAsync() ?? throw new EndOfStreamException("monitor closed the connection");
            JsonObject message = JsonNode.Parse(line)!.AsObject();
            if (message.ContainsKey("return") || message.ContainsKey("error"))
            {
                return message;
            }

            events?.Add(message);
        }
    }

    public async Task<JsonObject> ExecuteAsync(string request, List<JsonObject>? events = null)
    {
        await SendAsync(request + "\n");
        return await ReadReplyAsync(events);
    }

    /// <summary>True once the server has closed the connection (reads EOF), skipping any remaining messages.</summary>
    public async Task<bool> ReadsEofAsync()
    {
        while (await ReadLineAsync() is not null)
        {
        }

        return true;
    }

    public void Abort() => _socket.Close(0);

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}
