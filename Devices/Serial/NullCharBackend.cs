namespace Emu.Devices.Serial;

/// <summary>QEMU <c>-serial null</c>: output vanishes, no input ever arrives.</summary>
public sealed class NullCharBackend : ICharBackend
{
    public Action? InputAvailable { get; set; }

    public bool HasInput => false;

    public void Write(ReadOnlySpan<byte> data)
    {
    }

    public int Read(Span<byte> destination) => 0;
}
