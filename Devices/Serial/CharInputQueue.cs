using System.Collections.Concurrent;

namespace Emu.Devices.Serial;

/// <summary>The thread-safe input queue shared by the backends: producers on any thread, one consumer on the machine thread.</summary>
public sealed class CharInputQueue
{
    private readonly ConcurrentQueue<byte> _bytes = new();

    public Action? InputAvailable { get; set; }

    public bool HasInput => !_bytes.IsEmpty;

    public void Enqueue(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            _bytes.Enqueue(b);
        }

        if (!data.IsEmpty)
        {
            InputAvailable?.Invoke();
        }
    }

    public int Read(Span<byte> destination)
    {
        int count = 0;
        while (count < destination.Length && _bytes.TryDequeue(out byte b))
        {
            destination[count++] = b;
        }

        return count;
    }
}
