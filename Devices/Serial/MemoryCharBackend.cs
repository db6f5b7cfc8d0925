using System.Text;

namespace Emu.Devices.Serial;

/// <summary>
/// An in-memory backend for tests and for the monitor: output accumulates in a buffer,
/// input is injected with <see cref="Inject(ReadOnlySpan{byte})"/> (from any thread).
/// </summary>
public sealed class MemoryCharBackend : ICharBackend
{
    private readonly CharInputQueue _input = new();
    private readonly MemoryStream _output = new();
    private readonly Lock _outputLock = new();

    public Action? InputAvailable
    {
        get => _input.InputAvailable;
        set => _input.InputAvailable = value;
    }

    public bool HasInput => _input.HasInput;

    /// <summary>Everything written so far.</summary>
    public byte[] Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToArray();
            }
        }
    }

    /// <summary>Everything written so far, as Latin-1 text.</summary>
    public string OutputText => Encoding.Latin1.GetString(Output);

    public void Inject(ReadOnlySpan<byte> data) => _input.Enqueue(data);

    public void Inject(string text) => _input.Enqueue(Encoding.Latin1.GetBytes(text));

    public void ClearOutput()
    {
        lock (_outputLock)
        {
            _output.SetLength(0);
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_outputLock)
        {
            _output.Write(data);
        }
    }

    public int Read(Span<byte> destination) => _input.Read(destination);
}
