using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Emu.Monitor.Commands;
using Emu.Monitor.Qmp;
using Emu.Monitor.Qmp.Json;

namespace Emu.Monitor.Server;

/// <summary>
/// One client on one monitor: greeting, then read → frame (<see cref="QmpJsonStreamer"/>) →
/// dispatch → reply, strictly one command at a time in arrival order (spec qmp.md 2.5). Output
/// goes through the session's single writer. Any failure ends only this connection.
/// </summary>
public sealed class QmpConnection
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly QmpSession _session;
    private readonly MonitorServices _services;
    private readonly QmpDispatcher _dispatcher;
    private readonly Action<string>? _log;

    public QmpConnection(long id, Stream input, Stream output, bool pretty, MonitorServices services, Action<string>? log)
    {
        _input = input;
        _output = output;
        _session = new QmpSession(id, pretty);
        _services = services;
        _dispatcher = new QmpDispatcher(services);
        _log = log;
    }

    /// <summary>Serves the client until it disconnects or <paramref name="stop"/> fires; never throws.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using CancellationTokenSource lifetime = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _services.Events.Attach(_session);
        Task writer = WriteLoopAsync(lifetime);
        try
        {
            _session.Send(Greeting(_services.Identity));
            await ReadLoopAsync(lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _log?.Invoke($"qmp: connection {_session.Id}: {e.Message}");
        }
        catch (Exception e)
        {
            // The connection's exception boundary: log and close this client only.
            _log?.Invoke($"qmp: connection {_session.Id} failed: {e}");
        }
        finally
        {
            _services.Events.Detach(_session);
            _session.CompleteOutput();
            await writer.ConfigureAwait(false);
        }
    }

    public static JsonObject Greeting(MonitorIdentity identity) => new()
    {
        ["QMP"] = new JsonObject
        {
            ["version"] = System.Text.Json.JsonSerializer.SerializeToNode(CoreCommands.Version(identity), QmpJsonContext.Default.VersionInfo),
            ["capabilities"] = new JsonArray("oob"),
        },
    };

    private async Task ReadLoopAsync(CancellationToken cancel)
    {
        Queue<ParsedMessage> pending = new();
        QmpJsonStreamer streamer = new(pending.Enqueue);
        PipeReader reader = PipeReader.Create(_input, new StreamPipeReaderOptions(bufferSize: 65536, leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(cancel).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    streamer.Feed(segment.Span);
                }

                reader.AdvanceTo(buffer.End);
                while (pending.TryDequeue(out ParsedMessage message))
                {
                    JsonObject reply = await _dispatcher.DispatchAsync(_session, message, cancel).ConfigureAwait(false);
                    _session.Send(reply);
                    if (_services.TakeQuitRequest())
                    {
                        await _services.Machine.InvokeAsync(_services.Machine.Quit).ConfigureAwait(false);
                    }

                    if (_session.Overflowed)
                    {
                        return;
                    }
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    // EOF, possibly in the middle of a message: what was half-parsed is dropped.
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationTokenSource lifetime)
    {
        try
        {
            await foreach (byte[] message in _session.Output.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await _output.WriteAsync(message, CancellationToken.None).ConfigureAwait(false);
                if (_session.Output.Count == 0)
                {
                    await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away mid-reply: stop reading from it too.
            _log?.Invoke($"qmp: connection {_session.Id}: write failed: {e.Message}");
            await lifetime.CancelAsync().ConfigureAwait(false);
        }
    }
}
