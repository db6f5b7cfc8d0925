using System.Net.Sockets;
using System.Threading.Channels;

namespace Emu.Monitor.Nbd;

/// <summary>
/// The transmission phase of one connection (proto.md "Transmission"): one reader takes request
/// headers and WRITE payloads off the pipe, up to 16 requests run at once on the thread pool,
/// and one writer sends each finished reply whole, so a header and its payload always go
/// together. Replies may leave out of order, as the protocol allows.
/// </summary>
internal sealed class NbdTransmission
{
    private readonly NbdFrameReader _frames;
    private readonly Socket _socket;
    private readonly NbdCommandExecutor _executor;
    private readonly bool _structured;
    private readonly Action<string>? _log;
    private readonly SemaphoreSlim _inFlight = new(NbdServerLimits.MaxRequestsInFlight, NbdServerLimits.MaxRequestsInFlight);
    private readonly NbdRequestSlot[] _free = new NbdRequestSlot[NbdServerLimits.MaxRequestsInFlight];
    private readonly Channel<NbdRequestSlot> _replies = Channel.CreateUnbounded<NbdRequestSlot>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private int _freeCount;
    private volatile bool _broken;

    public NbdTransmission(NbdFrameReader frames, Socket socket, NbdExport export, bool structured, bool baseAllocation, Action<string>? log)
    {
        _frames = frames;
        _socket = socket;
        _structured = structured;
        _log = log;
        _executor = new NbdCommandExecutor(export, structured, baseAllocation);
        for (int i = 0; i < _free.Length; i++)
        {
            _free[i] = new NbdRequestSlot(this);
        }

        _freeCount = _free.Length;
    }

    /// <summary>Serves requests until DISC, end of stream, a fatal request, or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Task writer = WriteRepliesAsync();
        try
        {
            await ReadRequestsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Let every request in flight finish (its reply is sent, or dropped if the
            // socket is gone), then stop the writer. DISC: "finish in-flight, then close".
            for (int i = 0; i < NbdServerLimits.MaxRequestsInFlight; i++)
            {
                await _inFlight.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            _replies.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }
    }

    /// <summary>Runs one request on a thread-pool thread; the boundary keeps a backend fault from taking the process down.</summary>
    public void Execute(NbdRequestSlot slot)
    {
        try
        {
            _executor.Run(slot);
        }
        catch (Exception failure)
        {
            _log?.Invoke($"nbd: request failed: {failure.Message}");
            slot.ReturnBuffer();
            int length = NbdReplyEncoder.WriteError(slot.Small, _structured, slot.Request.Cookie, NbdProtocol.ErrIo, "request failed");
            slot.Reply = slot.Small.AsMemory(0, length);
        }

        _replies.Writer.TryWrite(slot);
    }

    private async Task ReadRequestsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            NbdRequest? next = await _frames.ReadRequestAsync(cancellationToken).ConfigureAwait(false);
            if (next is not NbdRequest request)
            {
                _log?.Invoke("nbd: client closed the connection");
                return;
            }

            if (request.Magic == NbdProtocol.RequestMagic && request.Type == NbdProtocol.CmdDisc)
            {
                return;
            }

            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            NbdRequestSlot slot = TakeSlot();
            slot.Request = request;
            if (request.Magic != NbdProtocol.RequestMagic)
            {
                // The stream is out of step: answer with the cookie we saw, then hang up (nbd.md §4.3.1).
                PostError(slot, $"invalid magic (got 0x{request.Magic:x8})");
                return;
            }

            bool carriesLength = request.Type is NbdProtocol.CmdRead or NbdProtocol.CmdWrite or NbdProtocol.CmdCache;
            if (carriesLength && request.Length > NbdServerLimits.MaxPayload)
            {
                PostError(slot, $"len ({request.Length} ) is larger than max len ({NbdServerLimits.MaxPayload})");
                if (request.Type == NbdProtocol.CmdWrite)
                {
                    // The payload was not read, so the stream cannot be resynchronised (nbd.md §4.3.3).
                    return;
                }

                continue;
            }

            if (request.Type == NbdProtocol.CmdWrite)
            {
                try
                {
                    byte[] payload = slot.Rent((int)request.Length);
                    await _frames.ReadExactlyAsync(payload.AsMemory(0, (int)request.Length), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // A WRITE cut off by a disconnect is dropped whole: nothing is written.
                    ReleaseSlot(slot);
                    throw;
                }
            }

            ThreadPool.UnsafeQueueUserWorkItem(slot, preferLocal: false);
        }
    }

    private void PostError(NbdRequestSlot slot, string message)
    {
        _log?.Invoke($"nbd: {message}");
        int length = NbdReplyEncoder.WriteError(slot.Small, _structured, slot.Request.Cookie, NbdProtocol.ErrInvalid, message);
        slot.Reply = slot.Small.AsMemory(0, length);
        _replies.Writer.TryWrite(slot);
    }

    /// <summary>The connection's single writer: each reply is one contiguous send.</summary>
    private async Task WriteRepliesAsync()
    {
        ChannelReader<NbdRequestSlot> reader = _replies.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out NbdRequestSlot? slot))
            {
                if (!_broken)
                {
                    try
                    {
                        ReadOnlyMemory<byte> data = slot.Reply;
                        while (!data.IsEmpty)
                        {
                            int sent = await _socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
                            data = data[sent..];
                        }
                    }
                    catch (Exception failure) when (failure is SocketException or ObjectDisposedException or IOException)
                    {
                        // The client is gone: later replies are dropped, requests still complete.
                        _broken = true;
                    }
                }

                ReleaseSlot(slot);
            }
        }
    }

    private NbdRequestSlot TakeSlot()
    {
        lock (_free)
        {
            return _free[--_freeCount];
        }
    }

    private void ReleaseSlot(NbdRequestSlot slot)
    {
        slot.ReturnBuffer();
        lock (_free)
        {
            _free[_freeCount++] = slot;
        }

        _inFlight.Release();
    }
}
