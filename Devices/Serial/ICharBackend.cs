namespace Emu.Devices.Serial;

/// <summary>
/// A byte stream on the host side of a UART or debug console (QEMU's chardev). Output is
/// written on the machine thread. Input may arrive on any thread: the backend queues it and
/// raises <see cref="InputAvailable"/>; the App then posts a call to the device's
/// <c>PollInput</c> onto the machine thread, which drains the queue with <see cref="Read"/>.
/// So received bytes enter a device only on the machine thread.
/// </summary>
public interface ICharBackend
{
    /// <summary>Raised (on any thread) when input was queued. Must not touch devices directly.</summary>
    Action? InputAvailable { get; set; }

    /// <summary>True when <see cref="Read"/> would return bytes. Any thread.</summary>
    bool HasInput { get; }

    /// <summary>Sends guest output to the host. Machine thread.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Takes up to <paramref name="destination"/>.Length queued input bytes without blocking. Machine thread.</summary>
    int Read(Span<byte> destination);
}
