using System.Text.Json.Nodes;
using System.Threading.Channels;
using Emu.Monitor.Qmp.Json;

namespace Emu.Monitor.Qmp;

/// <summary>
/// One client connection's QMP state: negotiation mode, OOB, output style, and its single writer
/// queue. Replies and events are queued as whole serialised messages, so they never interleave;
/// events queued while a command runs therefore reach the client before that command's reply.
/// </summary>
public sealed class QmpSession
{
    /// <summary>Messages queued but not yet written; a client that stops reading is cut off past this.</summary>
    public const int MaxQueuedMessages = 4096;

    private readonly Channel<byte[]> _output = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(MaxQueuedMessages)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    private volatile bool _negotiated;
    private volatile bool _overflowed;

    public QmpSession(long id, bool pretty)
    {
        Id = id;
        Pretty = pretty;
    }

    public long Id { get; }

    public bool Pretty { get; }

    /// <summary>True once qmp_capabilities succeeded: commands are available and events are delivered.</summary>
    public bool Negotiated => _negotiated;

    public bool OobEnabled { get; private set; }

    /// <summary>True when the output queue overflowed; the connection is then closed.</summary>
    public bool Overflowed => _overflowed;

    internal ChannelReader<byte[]> Output => _output.Reader;

    public void CompleteNegotiation(bool enableOob)
    {
        OobEnabled = enableOob;
        _negotiated = true;
    }

    public void Send(JsonNode message) => SendSerialized(QmpJsonWriter.SerializeToUtf8(message, Pretty));

    internal void SendSerialized(byte[] bytes)
    {
        if (!_output.Writer.TryWrite(bytes))
        {
            _overflowed = true;
            _output.Writer.TryComplete();
        }
    }

    /// <summary>No more output: the writer drains what is queued and stops.</summary>
    internal void CompleteOutput() => _output.Writer.TryComplete();
}
