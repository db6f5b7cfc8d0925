using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Emu.Monitor.Nbd;

/// <summary>
/// Reads NBD frames from a connection's <see cref="PipeReader"/>: fixed-size fields and payloads
/// copied out exactly, request headers parsed in place (consumed/examined as Bedrock's
/// ProtocolReader does). End of stream in the middle of a frame is <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class NbdFrameReader
{
    private readonly PipeReader _reader;

    public NbdFrameReader(PipeReader reader)
    {
        _reader = reader;
    }

    /// <summary>Fills <paramref name="destination"/> completely.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            int take = (int)Math.Min(buffer.Length, destination.Length);
            buffer.Slice(0, take).CopyTo(destination.Span);
            destination = destination[take..];
            _reader.AdvanceTo(buffer.GetPosition(take));
            if (destination.Length > 0 && result.IsCompleted)
            {
                throw new EndOfStreamException("Unexpected end-of-file before all data were read");
            }
        }
    }

    /// <summary>Discards <paramref name="count"/> bytes (an option payload nobody parses).</summary>
    public async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            long take = Math.Min(result.Buffer.Length, count);
            count -= take;
            _reader.AdvanceTo(result.Buffer.GetPosition(take));
            if (count > 0 && result.IsCompleted)
            {
                throw new EndOfStreamException("Unexpected end-of-file before all data were read");
            }
        }
    }

    /// <summary>The next request header, or null at a clean end of stream between requests.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<NbdRequest?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (NbdRequest.TryParse(ref buffer, out NbdRequest request))
            {
                _reader.AdvanceTo(buffer.Start);
                return request;
            }

            if (result.IsCompleted)
            {
                bool partial = !buffer.IsEmpty;
                _reader.AdvanceTo(buffer.End);
                if (partial)
                {
                    throw new EndOfStreamException("Unexpected end-of-file before all data were read");
                }

                return null;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
