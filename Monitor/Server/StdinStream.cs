namespace Emu.Monitor.Server;

/// <summary>
/// Standard input for a <c>-qmp stdio</c> monitor, readable with a cancellation that works.
/// The console stream's reads block in read(2) and ignore their token, so a monitor waiting for
/// its client's next line would hold the process open after <c>quit</c> until the client closed
/// the pipe; QEMU exits at once. Here one read at a time goes to the console stream into a private
/// buffer, and a caller's read waits for it or for its token: a cancelled read leaves the pending
/// one behind (its bytes are kept for the next read), so the monitor can end while the client
/// still holds the pipe open.
/// </summary>
internal sealed class StdinStream(Stream console) : Stream
{
    private readonly byte[] _buffer = new byte[65536];
    private Task<int>? _pending;
    private int _start;
    private int _end;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancel = default)
    {
        if (_start == _end)
        {
            _pending ??= console.ReadAsync(_buffer, CancellationToken.None).AsTask();
            int count = await _pending.WaitAsync(cancel).ConfigureAwait(false);
            _pending = null;
            _start = 0;
            _end = count;
            if (count == 0)
            {
                return 0;
            }
        }

        int taken = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, taken).CopyTo(destination);
        _start += taken;
        return taken;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        ReadAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // A read still pending in read(2) keeps the console stream; it goes with the process.
        if (disposing && _pending is null)
        {
            console.Dispose();
        }

        base.Dispose(disposing);
    }
}
