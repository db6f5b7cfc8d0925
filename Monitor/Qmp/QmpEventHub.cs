using System.Text.Json.Nodes;
using Emu.Monitor.Qmp.Json;

namespace Emu.Monitor.Qmp;

/// <summary>
/// Broadcasts QMP events to every negotiated session (spec qmp.md 2.6): one event object, one
/// timestamp (host wall clock, seconds + microseconds), serialised once per output style. Safe to
/// call from any thread.
/// </summary>
public sealed class QmpEventHub
{
    private readonly object _lock = new();
    private readonly List<QmpSession> _sessions = new();

    /// <summary>Raised after an event was queued to the clients (tests and logging).</summary>
    public event Action<JsonObject>? Emitted;

    public void Attach(QmpSession session)
    {
        lock (_lock)
        {
            _sessions.Add(session);
        }
    }

    public void Detach(QmpSession session)
    {
        lock (_lock)
        {
            _sessions.Remove(session);
        }
    }

    /// <summary>Queues <paramref name="name"/> with <paramref name="data"/> (omitted when null) to every negotiated client.</summary>
    public void Emit(string name, JsonObject? data)
    {
        long micros = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        JsonObject message = new()
        {
            ["timestamp"] = new JsonObject
            {
                ["seconds"] = micros / 1_000_000,
                ["microseconds"] = micros % 1_000_000,
            },
            ["event"] = name,
        };
        if (data is not null)
        {
            message["data"] = data;
        }

        byte[]? compact = null;
        byte[]? pretty = null;
        lock (_lock)
        {
            foreach (QmpSession session in _sessions)
            {
                if (!session.Negotiated)
                {
                    continue;
                }

                byte[] bytes = session.Pretty
                    ? pretty ??= QmpJsonWriter.SerializeToUtf8(message, true)
                    : compact ??= QmpJsonWriter.SerializeToUtf8(message, false);
                session.SendSerialized(bytes);
            }
        }

        Emitted?.Invoke(message);
    }
}
