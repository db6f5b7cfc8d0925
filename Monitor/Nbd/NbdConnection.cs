using System.IO.Pipelines;
using System.Net.Sockets;

namespace Emu.Monitor.Nbd;

/// <summary>
/// One client connection: negotiation, then transmission, inside one exception boundary that
/// closes only this connection (Kestrel's <c>KestrelConnection.ExecuteAsync</c>). Abort closes
/// the socket at once; the client sees EOF, in any phase.
/// </summary>
public sealed class NbdConnection
{
    private readonly NbdServer _server;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _abort = new();
    private NbdExport? _export;

    internal NbdConnection(NbdServer server, Socket socket, long id)
    {
        _server = server;
        _socket = socket;
        Id = id;
    }

    public long Id { get; }

    /// <summary>The export being served once negotiation finished; null before.</summary>
    public NbdExport? Export => _export;

    internal Task Completion { get; private set; } = Task.CompletedTask;

    internal void Start()
    {
        Completion = Task.Run(ExecuteAsync);
    }

    /// <summary>Closes the connection now; the running tasks wind down and unregister.</summary>
    internal void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        CloseSocket();
    }

    private async Task ExecuteAsync()
    {
        CancellationToken token = _abort.Token;
        PipeReader? reader = null;
        try
        {
            // Inside the boundary: a connection aborted by nbd-server-stop before this task ran
            // has a closed socket, and NetworkStream refuses it (IOException).
            reader = PipeReader.Create(
                new NetworkStream(_socket, ownsSocket: false),
                new StreamPipeReaderOptions(bufferSize: 256 * 1024, minimumReadSize: 64 * 1024));
            NbdFrameReader frames = new(reader);
            NbdNegotiation negotiation = new(_server, _socket, frames, Id, Attach);
            NbdExport? export = await negotiation.RunAsync(token).ConfigureAwait(false);
            if (export is not null)
            {
                NbdTransmission transmission = new(frames, _socket, export, negotiation.Structured, negotiation.BaseAllocation, _server.Log);
                await transmission.RunAsync(token).ConfigureAwait(false);
            }
        }
        catch (Exception failure) when (failure is EndOfStreamException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _server.Log?.Invoke($"nbd: client {Id}: disconnected: {failure.Message}");
        }
        catch (Exception failure)
        {
            // The connection's boundary: a fault ends this client only.
            _server.Log?.Invoke($"nbd: client {Id}: closed after an unexpected error: {failure}");
        }
        finally
        {
            _export?.Detach(this);
            if (reader is not null)
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }

            CloseSocket();
            _abort.Dispose();
            _server.Unregister(this);
        }
    }

    private bool Attach(NbdExport export)
    {
        if (!export.Attach(this))
        {
            return false;
        }

        _export = export;
        return true;
    }

    private void CloseSocket()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception failure) when (failure is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }
}
