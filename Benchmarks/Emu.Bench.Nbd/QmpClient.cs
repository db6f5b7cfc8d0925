using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Bench.Nbd;

/// <summary>A tiny line-based QMP client: enough to negotiate and run commands on QEMU's socket.</summary>
internal sealed class QmpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;

    public QmpClient(string path, TimeSpan wait)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        DateTime deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                _socket.Connect(new UnixDomainSocketEndPoint(path));
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }

        _reader = new StreamReader(new NetworkStream(_socket), Encoding.UTF8);
        _reader.ReadLine();
        Execute("qmp_capabilities");
    }

    /// <summary>Runs a command; throws with QEMU's error text if it fails.</summary>
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
            string line = _reader.ReadLine() ?? throw new IOException("QEMU closed its QMP socket");
            JsonNode reply = JsonNode.Parse(line)!;
            if (reply["error"] is JsonNode error)
            {
                throw new InvalidOperationException($"{command}: {error["desc"]}");
            }

            if (reply["return"] is not null || reply["event"] is null)
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
}
