using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// One QMP conversation with a running emulator, written down for comparison with another
/// emulator's: each reply after the events that came before it, and notes on what clients saw.
/// </summary>
internal sealed partial class Conversation
{
    public Conversation(MonitoredEmu emulator, QmpClient qmp, int port)
    {
        Emulator = emulator;
        Qmp = qmp;
        Port = port;
    }

    public MonitoredEmu Emulator { get; }

    public QmpClient Qmp { get; }

    /// <summary>A TCP port that was free, for the NBD server.</summary>
    public int Port { get; }

    public List<string> Transcript { get; } = [];

    /// <summary>Runs a command: the events before its reply, then the reply, go to the transcript.</summary>
    public async Task RecordAsync(string request) => Record(await Qmp.ExecuteAsync(request));

    /// <summary>Writes down a reply after the events received before it.</summary>
    public void Record(JsonObject reply)
    {
        Transcript.AddRange(Qmp.Events.Select(Normalise));
        Qmp.Events.Clear();
        Transcript.Add(Normalise(reply));
    }

    /// <summary>Reads <paramref name="client"/> until the monitor closes it and writes down every message.</summary>
    public async Task RecordToEndAsync(QmpClient client, string label)
    {
        Note($"-- {label}, to EOF:");
        await client.ReadToEndAsync();
        Transcript.AddRange(client.Events.Select(Normalise));
        client.Events.Clear();
    }

    public void Note(string line) => Transcript.Add(line);

    /// <summary>Without the timestamp, and with node names (numbered differently by each emulator) as <c>#block</c>.</summary>
    private static string Normalise(JsonObject message)
    {
        message.Remove("timestamp");
        return NodeName().Replace(message.ToJsonString(), "#block");
    }

    [GeneratedRegex("#block[0-9]+")]
    private static partial Regex NodeName();
}
