namespace Emu.Devices.Serial;

/// <summary>
/// QEMU <c>-serial stdio</c>: guest output goes to standard output, flushed on every write so a
/// console sees it at once; standard input is read on a background thread (started by
/// <see cref="StartInput"/>) and queued for the machine thread. The terminal's mode (raw or
/// cooked) is the App's business.
/// </summary>
public sealed class StdioCharBackend : ICharBackend
{
    private readonly CharInputQueue _input = new();
    private readonly Stream _output;
    private readonly Stream _inputStream;
    private Thread? _reader;

    public StdioCharBackend()
        : this(Console.OpenStandardOutput(), Console.OpenStandardInput())
    {
    }

    public StdioCharBackend(Stream output, Stream input)
    {
        _output = output;
        _inputStream = input;
    }

    public Action? InputAvailable
    {
        get => _input.InputAvailable;
        set => _input.InputAvailable = value;
    }

    public bool HasInput => _input.HasInput;

    /// <summary>True once standard input reached its end.</summary>
    public bool InputEnded { get; private set; }

    /// <summary>Starts the background reader of standard input (once).</summary>
    public void StartInput()
    {
        if (_reader is not null)
        {
            return;
        }

        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "stdio-input" };
        _reader.Start();
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        _output.Write(data);
        _output.Flush();
    }

    public int Read(Span<byte> destination) => _input.Read(destination);

    private void ReadLoop()
    {
        byte[] buffer = new byte[256];
        while (true)
        {
            int count;
            try
            {
                count = _inputStream.Read(buffer, 0, buffer.Length);
            }
            catch (IOException)
            {
                count = 0;
            }
            catch (ObjectDisposedException)
            {
                count = 0;
            }

            if (count <= 0)
            {
                InputEnded = true;
                return;
            }

            _input.Enqueue(buffer.AsSpan(0, count));
        }
    }
}
