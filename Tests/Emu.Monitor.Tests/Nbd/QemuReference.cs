using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>
/// qemu-system-i386 (stopped, no devices) with a QMP socket: the reference NBD server, driven
/// with the same nbd-server-start / nbd-server-add commands Emu answers.
/// </summary>
internal sealed class QemuReference : IDisposable
{
    private readonly Process _process;
    private readonly Socket _socket;
    private readonly StreamReader _reader;

    public QemuReference(ScratchDirectory scratch, params string[] extraArguments)
    {
        string qmpPath = scratch.File($"qmp-{Guid.NewGuid():N}.sock");
        ProcessStartInfo start = new("qemu-system-i386")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-machine", "pc", "-nodefaults", "-display", "none", "-S", "-qmp", $"unix:{qmpPath},server=on,wait=off" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start qemu-system-i386");
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                _socket.Connect(new UnixDomainSocketEndPoint(qmpPath));
                break;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(20) && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }

        _reader = new StreamReader(new NetworkStream(_socket), Encoding.UTF8);
        _reader.ReadLine();
        Execute("qmp_capabilities");
    }

    /// <summary>Sends a command and returns its reply (events before it are skipped).</summary>
    public JsonNode Execute(string command, JsonObject? arguments = null)
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
            if (reply["event"] is null)
            {
                return reply;
            }
        }
    }

    public void StartNbd(int port) => Execute("nbd-server-start", new JsonObject
    {
        ["addr"] = new JsonObject
        {
            ["type"] = "inet",
            ["data"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
    });

    public JsonNode AddExport(string device, string? name = null, bool writable = false, string? description = null)
    {
        JsonObject arguments = new() { ["device"] = device };
        if (name is not null)
        {
            arguments["name"] = name;
        }

        if (writable)
        {
            arguments["writable"] = true;
        }

        if (description is not null)
        {
            arguments["description"] = description;
        }

        return Execute("nbd-server-add", arguments);
    }

    public static int FreePort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try
        {
            Execute("quit");
        }
        catch (Exception failure) when (failure is IOException or SocketException)
        {
        }

        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _reader.Dispose();
        _socket.Dispose();
        _process.Dispose();
    }
}
