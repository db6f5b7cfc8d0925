using System.Collections.Concurrent;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Every open connection by id (Kestrel's ConnectionManager): what stopping the server aborts
/// and waits for.
/// </summary>
internal sealed class NbdConnectionManager
{
    private readonly ConcurrentDictionary<long, NbdConnection> _connections = new();

    public int Count => _connections.Count;

    public void Add(NbdConnection connection) => _connections[connection.Id] = connection;

    public bool Remove(NbdConnection connection) => _connections.TryRemove(connection.Id, out _);

    /// <summary>Aborts every connection and waits (at most <paramref name="timeout"/>) until all have wound down.</summary>
    public async Task AbortAllAsync(TimeSpan timeout)
    {
        List<Task> running = new();
        foreach (NbdConnection connection in _connections.Values)
        {
            connection.Abort();
            running.Add(connection.Completion);
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(timeout)).ConfigureAwait(false);
    }
}
