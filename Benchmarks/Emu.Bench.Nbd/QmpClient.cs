using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Bench.Nbd;

/// <summary>
/// A tiny line-based QMP client, the same for Emu and QEMU: reads the greeting, negotiates with
/// <c>qmp_capabilities</c> and runs commands, skipping events (QMP spec: an event may come
/// before any reply).
/// </summary>
internal sealed class QmpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;

    private QmpClient(Socket socket, TimeSpan replyTimeout)
    {
        _socket = socket;
        _socket.ReceiveTimeout = (int)replyTimeout.TotalMilliseconds;
        _reader = new StreamReader(new NetworkStream(_socket), Encoding.UTF8);
    }

    /// <summary>
    /// Connects to the monitor socket once the process listens on it, reads the greeting and
    /// negotiates capabilities. <paramref name="alive"/> stops the wait when the process is gone.
    /// </summary>
    public static QmpClient Connect(string path, Func<bool> alive, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // A socket whose connect failed cannot be reused on Unix: a new one per attempt.
            Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                QmpClient client = new(socket, timeout);
                client.ReadLine();
                client.Execute("qmp_capabilities");
                return client;
            }
            catch (SocketException) when (alive() && DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(50);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>Runs a command and returns its <c>return</c> value; throws with the server's error text if it fails.</summary>
    public JsonNode? Execute(string command, JsonObject? arguments = null)
    {
        JsonObject request = new() { ["execute"] = command };
        if (arguments is not null)
        {
            request["arguments"] = arguments;
        }

        _socket.Send(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"));
        while (true)
        {
            JsonNode reply = JsonNode.Parse(ReadLine())!;
            if (reply["error"] is JsonNode error)
            {
                throw new InvalidOperationException($"{command}: {error["desc"]}");
            }

            if (reply["event"] is null)
            {
                return reply["return"];
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _socket.Dispose();
    }

    private string ReadLine() => _reader.ReadLine() ?? throw new IOException("the monitor closed its socket");
}
