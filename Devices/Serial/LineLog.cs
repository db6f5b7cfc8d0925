using System.Buffers.Text;
using Emu.Core.Timing;

namespace Emu.Devices.Serial;

/// <summary>
/// Emu's <c>--line-log FILE</c>: every line the guest writes to a tapped character device (COM1,
/// the debug console) goes to FILE as <c>INSTRUCTIONS PORT TEXT</c>, where INSTRUCTIONS is the
/// guest instruction count when the line's newline was written. A regression runner judges
/// deadlines in guest instructions from it, and two deterministic runs give the same file.
/// Lines are flushed one by one so a reader can follow the file while the guest runs.
/// Machine thread only; allocates nothing per byte.
/// </summary>
public sealed class LineLog : IDisposable
{
    /// <summary>Longer lines are written in pieces of this many bytes, each with its own count.</summary>
    public const int MaxLineBytes = 4096;

    private readonly FileStream _file;
    private readonly IInstructionCounter _counter;
    private readonly byte[] _record = new byte[MaxLineBytes + 64];

    public LineLog(string path, IInstructionCounter counter)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _counter = counter;
    }

    /// <summary>A line was logged (machine thread, after it reached the file): its port and text.</summary>
    public delegate void LineHandler(ReadOnlySpan<byte> port, ReadOnlySpan<byte> text);

    /// <summary>Called after each line is written; null for none.</summary>
    public LineHandler? LineWritten { get; set; }

    /// <summary>A backend that forwards to <paramref name="inner"/> and logs its lines as <paramref name="port"/>.</summary>
    public ICharBackend Tap(ICharBackend inner, string port) => new Tapped(this, inner, port);

    public void Dispose() => _file.Dispose();

    private void WriteLine(ReadOnlySpan<byte> port, ReadOnlySpan<byte> text)
    {
        Span<byte> record = _record;
        Utf8Formatter.TryFormat(_counter.InstructionCount, record, out int length);
        record[length++] = (byte)' ';
        port.CopyTo(record[length..]);
        length += port.Length;
        record[length++] = (byte)' ';
        text.CopyTo(record[length..]);
        length += text.Length;
        record[length++] = (byte)'\n';
        _file.Write(record[..length]);
        _file.Flush();
        LineWritten?.Invoke(port, text);
    }

    private sealed class Tapped : ICharBackend
    {
        private readonly LineLog _log;
        private readonly ICharBackend _inner;
        private readonly byte[] _port;
        private readonly byte[] _line = new byte[MaxLineBytes];
        private int _length;

        public Tapped(LineLog log, ICharBackend inner, string port)
        {
            _log = log;
            _inner = inner;
            _port = System.Text.Encoding.ASCII.GetBytes(port);
        }

        public Action? InputAvailable
        {
            get => _inner.InputAvailable;
            set => _inner.InputAvailable = value;
        }

        public bool HasInput => _inner.HasInput;

        public int Read(Span<byte> destination) => _inner.Read(destination);

        public void Write(ReadOnlySpan<byte> data)
        {
            _inner.Write(data);
            foreach (byte b in data)
            {
                if (b == (byte)'\n')
                {
                    _log.WriteLine(_port, _line.AsSpan(0, _length));
                    _length = 0;
                    continue;
                }

                // A carriage return before the newline is the terminal's business, not the line's.
                if (b == (byte)'\r')
                {
                    continue;
                }

                if (_length == _line.Length)
                {
                    _log.WriteLine(_port, _line);
                    _length = 0;
                }

                _line[_length++] = b;
            }
        }
    }
}
