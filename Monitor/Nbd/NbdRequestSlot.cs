namespace Emu.Monitor.Nbd;

/// <summary>
/// One of a connection's in-flight request slots (at most 16, as QEMU). It carries the request,
/// its payload or reply buffer, and the reply bytes to send; it is queued to the thread pool to
/// run and then to the connection's single writer. Reused for the connection's lifetime.
/// </summary>
internal sealed class NbdRequestSlot : IThreadPoolWorkItem
{
    /// <summary>Room for any header-only reply, including an error chunk with its message.</summary>
    public const int SmallSize = 512;

    private readonly NbdTransmission _owner;

    public NbdRequestSlot(NbdTransmission owner)
    {
        _owner = owner;
    }

    public byte[] Small { get; } = new byte[SmallSize];

    public NbdExtent[] Extents { get; } = new NbdExtent[NbdServerLimits.MaxReadChunks];

    public NbdRequest Request { get; set; }

    /// <summary>A pooled buffer holding the WRITE payload or the reply; null when <see cref="Small"/> suffices.</summary>
    public byte[]? Rented { get; private set; }

    /// <summary>The reply to send, inside <see cref="Small"/> or <see cref="Rented"/>.</summary>
    public ReadOnlyMemory<byte> Reply { get; set; }

    public byte[] Rent(int size)
    {
        ReturnBuffer();
        Rented = NbdBufferPool.Shared.Rent(size);
        return Rented;
    }

    /// <summary>Takes ownership of a buffer rented elsewhere from <see cref="NbdBufferPool"/>.</summary>
    public void Adopt(byte[] buffer)
    {
        ReturnBuffer();
        Rented = buffer;
    }

    public void ReturnBuffer()
    {
        if (Rented is not null)
        {
            NbdBufferPool.Shared.Return(Rented);
            Rented = null;
        }
    }

    public void Execute() => _owner.Execute(this);
}
