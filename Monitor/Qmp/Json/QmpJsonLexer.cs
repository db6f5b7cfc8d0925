using System.Buffers;

namespace Emu.Monitor.Qmp.Json;

/// <summary>
/// QEMU's JSON lexer (qobject/json-lexer.c) as a byte-at-a-time state machine: double- and
/// single-quoted strings, numbers, lower-case keywords, structural characters. A lexical error
/// emits an error token and skips to the next structural character or control character
/// (QEMU's IN_RECOVERY), so one bad byte costs one error reply, not the connection.
/// </summary>
public sealed class QmpJsonLexer
{
    /// <summary>QEMU MAX_TOKEN_SIZE: a single token longer than this is cut off as an error.</summary>
    public const int MaxTokenSize = 64 << 20;

    private const int Lookahead = 0x100;
    private const int TokenBase = 0x40;
    private const int SkipToken = 0x3F;

    /// <summary>The bytes that end a run inside a double-quoted string (see <see cref="Transition"/>).</summary>
    private static readonly SearchValues<byte> DqStringStops = StringStops((byte)'"');

    private static readonly SearchValues<byte> SqStringStops = StringStops((byte)'\'');

    private readonly Action<JsonTokenType, byte[]> _emit;
    private readonly Action _tokenTooLong;
    private readonly List<byte> _token = new();
    private State _state = State.Start;

    public QmpJsonLexer(Action<JsonTokenType, byte[]> emit, Action tokenTooLong)
    {
        _emit = emit;
        _tokenTooLong = tokenTooLong;
    }

    private enum State : byte
    {
        Error = 0,
        Recovery,
        DqString,
        DqEscape,
        SqString,
        SqEscape,
        Zero,
        NonZero,
        Negative,
        Mantissa,
        MantissaDigits,
        ExponentE,
        ExponentSign,
        ExponentDigits,
        Keyword,
        Whitespace,
        Start,
    }

    /// <summary>Drops a half-lexed token (new connection).</summary>
    public void Reset()
    {
        _token.Clear();
        _state = State.Start;
    }

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int run = StringRunLength(bytes);
            if (run > 0)
            {
                // Inside a string, every byte up to the next quote, backslash or control byte keeps
                // the state and is only collected: take the run at once (clients send ids of
                // megabytes), cut where the token would pass the size limit, as byte by byte.
                run = Math.Min(run, MaxTokenSize + 1 - _token.Count);
                _token.AddRange(bytes[..run]);
                bytes = bytes[run..];
                CheckTokenSize();
                continue;
            }

            FeedByte(bytes[0]);
            bytes = bytes[1..];
        }
    }

    /// <summary>How many of <paramref name="bytes"/> leave a string state unchanged (0 outside strings).</summary>
    private int StringRunLength(ReadOnlySpan<byte> bytes)
    {
        SearchValues<byte>? stops = _state switch
        {
            State.DqString => DqStringStops,
            State.SqString => SqStringStops,
            _ => null,
        };
        if (stops is null)
        {
            return 0;
        }

        int stop = bytes.IndexOfAny(stops);
        return stop < 0 ? bytes.Length : stop;
    }

    private void FeedByte(byte b)
    {
        bool consumed = false;
        while (!consumed)
        {
            int next = Transition(_state, b);
            consumed = (next & Lookahead) == 0;
            next &= ~Lookahead;
            if (consumed)
            {
                _token.Add(b);
            }

            if (next >= TokenBase)
            {
                int type = next - TokenBase;
                if (type != SkipToken)
                {
                    _emit((JsonTokenType)type, _token.ToArray());
                }

                _token.Clear();
                _state = State.Start;
            }
            else if (next == (int)State.Error)
            {
                _emit(JsonTokenType.Error, _token.ToArray());
                _token.Clear();
                _state = State.Recovery;
            }
            else if (next == (int)State.Start || next == (int)State.Recovery)
            {
                _token.Clear();
                _state = (State)next;
            }
            else
            {
                _state = (State)next;
            }
        }

        CheckTokenSize();
    }

    private void CheckTokenSize()
    {
        if (_token.Count > MaxTokenSize)
        {
            _token.Clear();
            _state = State.Start;
            _tokenTooLong();
        }
    }

    private static SearchValues<byte> StringStops(byte quote)
    {
        List<byte> stops = [quote, (byte)'\\', 0xFE, 0xFF];
        for (int b = 0; b < 0x20; b++)
        {
            stops.Add((byte)b);
        }

        return SearchValues.Create([.. stops]);
    }

    private static int Token(JsonTokenType type) => TokenBase + (int)type;

    private static int TerminalOr(byte b, int token) => b < 0x80 ? token | Lookahead : (int)State.Error;

    private static bool IsDigit(byte b) => b >= (byte)'0' && b <= (byte)'9';

    private static int Transition(State state, byte b)
    {
        switch (state)
        {
            case State.DqString:
                return b == (byte)'"' ? Token(JsonTokenType.String)
                    : b == (byte)'\\' ? (int)State.DqEscape
                    : b >= 0x20 && b <= 0xFD ? (int)State.DqString
                    : (int)State.Error;
            case State.SqString:
                return b == (byte)'\'' ? Token(JsonTokenType.String)
                    : b == (byte)'\\' ? (int)State.SqEscape
                    : b >= 0x20 && b <= 0xFD ? (int)State.SqString
                    : (int)State.Error;
            case State.DqEscape:
                return b >= 0x20 && b <= 0xFD ? (int)State.DqString : (int)State.Error;
            case State.SqEscape:
                return b >= 0x20 && b <= 0xFD ? (int)State.SqString : (int)State.Error;
            case State.Zero:
                return IsDigit(b) ? (int)State.Error
                    : b == (byte)'.' ? (int)State.Mantissa
                    : TerminalOr(b, Token(JsonTokenType.Integer));
            case State.NonZero:
                return IsDigit(b) ? (int)State.NonZero
                    : b == (byte)'e' || b == (byte)'E' ? (int)State.ExponentE
                    : b == (byte)'.' ? (int)State.Mantissa
                    : TerminalOr(b, Token(JsonTokenType.Integer));
            case State.Negative:
                return b == (byte)'0' ? (int)State.Zero
                    : IsDigit(b) ? (int)State.NonZero
                    : (int)State.Error;
            case State.Mantissa:
                return IsDigit(b) ? (int)State.MantissaDigits : (int)State.Error;
            case State.MantissaDigits:
                return IsDigit(b) ? (int)State.MantissaDigits
                    : b == (byte)'e' || b == (byte)'E' ? (int)State.ExponentE
                    : TerminalOr(b, Token(JsonTokenType.Float));
            case State.ExponentE:
                return b == (byte)'-' || b == (byte)'+' ? (int)State.ExponentSign
                    : IsDigit(b) ? (int)State.ExponentDigits
                    : (int)State.Error;
            case State.ExponentSign:
                return IsDigit(b) ? (int)State.ExponentDigits : (int)State.Error;
            case State.ExponentDigits:
                return IsDigit(b) ? (int)State.ExponentDigits : TerminalOr(b, Token(JsonTokenType.Float));
            case State.Keyword:
                return b >= (byte)'a' && b <= (byte)'z' ? (int)State.Keyword : TerminalOr(b, Token(JsonTokenType.Keyword));
            case State.Whitespace:
                return b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n'
                    ? (int)State.Whitespace
                    : TerminalOr(b, TokenBase + SkipToken);
            case State.Recovery:
                // QEMU IN_RECOVERY: resynchronise on a structural character, a control character
                // other than TAB, or the impossible UTF-8 bytes FE/FF.
                if ((b < 0x20 && b != (byte)'\t') || b >= 0xFE || b == (byte)'[' || b == (byte)']' || b == (byte)'{' || b == (byte)'}')
                {
                    return (int)State.Start | Lookahead;
                }

                return (int)State.Recovery;
            default:
                return StartTransition(b);
        }
    }

    private static int StartTransition(byte b) => b switch
    {
        (byte)'"' => (int)State.DqString,
        (byte)'\'' => (int)State.SqString,
        (byte)'0' => (int)State.Zero,
        >= (byte)'1' and <= (byte)'9' => (int)State.NonZero,
        (byte)'-' => (int)State.Negative,
        (byte)'{' => Token(JsonTokenType.LeftCurly),
        (byte)'}' => Token(JsonTokenType.RightCurly),
        (byte)'[' => Token(JsonTokenType.LeftSquare),
        (byte)']' => Token(JsonTokenType.RightSquare),
        (byte)',' => Token(JsonTokenType.Comma),
        (byte)':' => Token(JsonTokenType.Colon),
        >= (byte)'a' and <= (byte)'z' => (int)State.Keyword,
        (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' => (int)State.Whitespace,
        _ => (int)State.Error,
    };
}
