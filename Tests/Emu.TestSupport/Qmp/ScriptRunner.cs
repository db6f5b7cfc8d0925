using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.TestSupport.Qmp;

/// <summary>
/// Runs a scripted QMP session (one request per line, kept in Scripts/ next to the test assembly)
/// against a target and records the transcript: the greeting, every request, every message
/// received. A line <c>N&gt; request</c> expects N replies; <c>#</c> lines are comments.
/// <c>&lt;WORK&gt;</c> is the target's work directory. After the last line, messages are read
/// until the target closes. The same plain socket client drives QEMU and Emu.
/// </summary>
public static class ScriptRunner
{
    /// <summary>How long one socket operation or a target's exit may take before the session fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Scripts", name);

    public static async Task<List<string>> RunAsync(IQmpTarget target, string scriptName)
    {
        List<string> transcript = new();
        await using NetworkStream stream = await ConnectAsync(target.Endpoint);
        using StreamReader reader = new(stream, new UTF8Encoding(false), false, 1 << 16);
        transcript.Add("<- " + await reader.ReadLineAsync().WaitAsync(Timeout));
        foreach (string raw in File.ReadAllLines(ScriptPath(scriptName)))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            int replies = 1;
            string line = raw;
            if (line.Length > 2 && char.IsDigit(line[0]) && line[1] == '>')
            {
                replies = line[0] - '0';
                line = line[2..].TrimStart();
            }

            line = line.Replace("<WORK>", target.WorkDirectory, StringComparison.Ordinal);
            transcript.Add("-> " + line);
            // A line ending in a closing bracket is complete without a terminator; sending none keeps
            // unread bytes out of the server's buffer when it closes after quit (which would reset).
            string text = line.EndsWith('}') || line.EndsWith(']') ? line : line + "\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().WaitAsync(Timeout);
            for (int got = 0; got < replies;)
            {
                string message = await reader.ReadLineAsync().WaitAsync(Timeout) ?? throw new EndOfStreamException($"closed while waiting for the reply to {line}");
                transcript.Add("<- " + message);
                JsonObject parsed = JsonNode.Parse(message)!.AsObject();
                if (parsed.ContainsKey("return") || parsed.ContainsKey("error"))
                {
                    got++;
                }
            }
        }

        try
        {
            while (await reader.ReadLineAsync().WaitAsync(Timeout) is { } tail)
            {
                transcript.Add("<- " + tail);
            }
        }
        catch (IOException)
        {
            // A reset after the server's last message is an end of stream like any other.
        }

        transcript.Add("<- EOF");
        return transcript;
    }

    /// <summary>
    /// Connects, retrying while the server refuses: a unix socket's file appears at bind(), a
    /// moment before listen(), and a connect in between is refused.
    /// </summary>
    private static async Task<NetworkStream> ConnectAsync(EndPoint endpoint)
    {
        System.Diagnostics.Stopwatch waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Socket socket = endpoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint).WaitAsync(Timeout);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException refused) when (refused.SocketErrorCode == SocketError.ConnectionRefused && waited.Elapsed < Timeout)
            {
                socket.Dispose();
                await Task.Delay(20);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
