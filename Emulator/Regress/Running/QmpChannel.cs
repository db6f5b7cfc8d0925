using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emu.Regress.Running;

/// <summary>
/// The runner's QMP client on emu's unix socket: one command at a time, replies matched by id,
/// events kept in arrival order, and every message written to the case's transcript.
/// </summary>
public sealed class QmpChannel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly Stream _stream;
    private readonly TextWriter _transcript;
    private readonly Stopwatch _clock;
    private readonly List<JsonElement> _events = [];
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = [];
    private readonly Task _readLoop;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    private QmpChannel(Socket socket, TextWriter transcript, Stopwatch clock)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
        _transcript = transcript;
        _clock = clock;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public int EventCount
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Connects (retrying while the socket is not there yet and emu runs), reads the greeting and negotiates.</summary>
    public static async Task<QmpChannel?> ConnectAsync(string path, TextWriter transcript, Stopwatch clock, Func<bool> alive, TimeSpan limit, CancellationToken cancel)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel).ConfigureAwait(false);
                QmpChannel channel = new(socket, transcript, clock);
                await channel.ExecuteAsync("qmp_capabilities", null, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                return channel;
            }
            catch (SocketException)
            {
                socket.Dispose();
                if (!alive() || waited.Elapsed > limit)
                {
                    return null;
                }

                await Task.Delay(10, cancel).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs a command; returns the whole response object ({"return": ...} or {"error": ...}).
    /// Throws <see cref="QmpClosedException"/> when emu's end of the connection is gone.
    /// </summary>
    public async Task<JsonElement> ExecuteAsync(string command, JsonElement? arguments, TimeSpan timeout)
    {
        string id = $"regress-{Interlocked.Increment(ref _nextId)}";
        JsonObject message = new() { ["execute"] = command };
        if (arguments is { } args)
        {
            message["arguments"] = JsonNode.Parse(args.GetRawText());
        }

        message["id"] = id;
        TaskCompletionSource<JsonElement> reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = reply;
        }

        string text = message.ToJsonString();
        Log("->", text);
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\n")).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new QmpClosedException($"the QMP connection closed before {command} could be sent ({e.Message})", e);
        }

        Task done = await Task.WhenAny(reply.Task, _closed.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (done == _closed.Task && !reply.Task.IsCompleted)
        {
            throw new QmpClosedException($"the QMP connection closed before the reply to {command}");
        }

        if (done != reply.Task && !reply.Task.IsCompleted)
        {
            throw new TimeoutException($"no reply to {command} within {timeout.TotalSeconds:0} s");
        }

        return await reply.Task.ConfigureAwait(false);
    }

    /// <summary>Whether an event named <paramref name="name"/> that <paramref name="accept"/> likes has arrived.</summary>
    public bool HasEvent(string name, Func<JsonElement, bool> accept)
    {
        lock (_events)
        {
            return _events.Any(e => e.GetProperty("event").GetString() == name && accept(e));
        }
    }

    /// <summary>Waits for an event named <paramref name="name"/> among those from index <paramref name="from"/> on.</summary>
    public async Task<JsonElement?> WaitEventAsync(string name, int from, Func<JsonElement, bool> accept, TimeSpan timeout)
    {
        int index = await WaitEventIndexAsync(name, from, accept, timeout).ConfigureAwait(false);
        if (index < 0)
        {
            return null;
        }

        lock (_events)
        {
            return _events[index];
        }
    }

    /// <summary>As <see cref="WaitEventAsync"/>, giving the event's index in arrival order (-1 when none came).</summary>
    public async Task<int> WaitEventIndexAsync(string name, int from, Func<JsonElement, bool> accept, TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            lock (_events)
            {
                for (int i = from; i < _events.Count; i++)
                {
                    if (_events[i].GetProperty("event").GetString() == name && accept(_events[i]))
                    {
                        return i;
                    }
                }
            }

            if (waited.Elapsed > timeout || _closed.Task.IsCompleted)
            {
                return -1;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _readLoop.ConfigureAwait(false);
        _reader.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                Log("<-", line);
                JsonElement message = JsonDocument.Parse(line).RootElement.Clone();
                if (message.TryGetProperty("event", out _))
                {
                    lock (_events)
                    {
                        _events.Add(message);
                    }
                }
                else if (message.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String)
                {
                    TaskCompletionSource<JsonElement>? reply;
                    lock (_pending)
                    {
                        _pending.Remove(id.GetString()!, out reply);
                    }

                    reply?.TrySetResult(message);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or JsonException)
        {
            Log("!!", e.Message);
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private void Log(string direction, string text)
    {
        lock (_transcript)
        {
            _transcript.WriteLine($"{_clock.Elapsed.TotalSeconds,9:0.000} {direction} {text}");
            _transcript.Flush();
        }
    }
}
