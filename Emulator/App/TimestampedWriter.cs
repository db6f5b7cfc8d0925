using System.Globalization;
using System.Text;

namespace Emu.App;

/// <summary>
/// Standard error under <c>-msg timestamp=on</c>: each line starts with the UTC time in QEMU's
/// form (<c>2026-12-07T08:49:49.841352Z emu: ...</c>, util/error-report.c).
/// </summary>
internal sealed class TimestampedWriter : TextWriter
{
    private readonly TextWriter _inner;
    private bool _atLineStart = true;

    public TimestampedWriter(TextWriter inner) => _inner = inner;

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        lock (_inner)
        {
            if (_atLineStart)
            {
                _inner.Write(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z' ", CultureInfo.InvariantCulture));
            }

            _inner.Write(value);
            _atLineStart = value == '\n';
        }
    }

    public override void Flush() => _inner.Flush();
}
