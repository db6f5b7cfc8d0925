using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>A line-based QMP client that keeps every event and every message in arrival order.</summary>
internal sealed class QmpTestClient : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;

    public QmpTestClient(string path)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(path));
        _reader = new StreamReader(new NetworkStream(_socket), Encoding.UTF8);
        _reader.ReadLine();
        Execute("qmp_capabilities");
    }

    /// <summary>Messages received so far (events and replies), compact, in order.</summary>
    public List<string> Transcript { get; } = new();

    public JsonNode Execute(string command, JsonObject? arguments = null) =>
        ExecuteRaw(new JsonObject { ["execute"] = command, ["arguments"] = arguments ?? new JsonObject() }.ToJsonString());

    /// <summary>Sends a request verbatim and returns its reply; events before it land in <see cref="Transcript"/>.</summary>
    public JsonNode ExecuteRaw(string request)
    {
        _socket.Send(Encoding.UTF8.GetBytes(request + "\n"));
        while (true)
        {
            JsonNode message = Next();
            if (message["event"] is null)
            {
                return message;
            }
        }
    }

    /// <summary>Waits for the next event named <paramref name="name"/>.</summary>
    public JsonNode WaitEvent(string name)
    {
        while (true)
        {
            JsonNode message = Next();
            if (message["event"]?.GetValue<string>() == name)
            {
                return message;
            }
        }
    }

    public static string Error(JsonNode reply) => reply["error"]?["desc"]?.GetValue<string>() ?? "(no error)";

    public void Dispose()
    {
        _reader.Dispose();
        _socket.Dispose();
    }

    private JsonNode Next()
    {
        string line = _reader.ReadLine() ?? throw new IOException("monitor closed");
        JsonNode message = JsonNode.Parse(line)!;
        JsonNode copy = message.DeepClone();
        copy.AsObject().Remove("timestamp");
        Transcript.Add(copy.ToJsonString());
        return message;
    }
}
