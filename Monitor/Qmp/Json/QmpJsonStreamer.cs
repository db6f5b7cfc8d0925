namespace Emu.Monitor.Qmp.Json;

/// <summary>
/// Splits QMP input into top-level JSON values the way QEMU's qobject/json-streamer.c does: tokens
/// are collected until the outermost bracket closes (or a scalar ends), then parsed. Enforces
/// QEMU's limits (64 MiB of tokens, 2 Mi tokens, nesting 1024) and reports a lexical error at once,
/// discarding what was collected. Not thread-safe: one per connection.
/// </summary>
public sealed class QmpJsonStreamer
{
    public const int MaxTokenSize = 64 << 20;
    public const int MaxTokenCount = 2 << 20;
    public const int MaxNesting = 1024;

    private readonly QmpJsonLexer _lexer;
    private readonly List<JsonToken> _tokens = new();
    private readonly Action<ParsedMessage> _emit;
    private int _braces;
    private int _brackets;
    private long _tokenSize;

    public QmpJsonStreamer(Action<ParsedMessage> emit)
    {
        _emit = emit;
        _lexer = new QmpJsonLexer(OnToken, OnTokenTooLong);
    }

    public void Feed(ReadOnlySpan<byte> bytes) => _lexer.Feed(bytes);

    /// <summary>Throws away anything half-parsed (QEMU does so when a connection closes).</summary>
    public void Reset()
    {
        _lexer.Reset();
        Clear();
    }

    private void OnTokenTooLong() => Fail("JSON token size limit exceeded");

    private void OnToken(JsonTokenType type, byte[] text)
    {
        switch (type)
        {
            case JsonTokenType.LeftCurly:
                _braces++;
                break;
            case JsonTokenType.RightCurly:
                _braces--;
                break;
            case JsonTokenType.LeftSquare:
                _brackets++;
                break;
            case JsonTokenType.RightSquare:
                _brackets--;
                break;
            case JsonTokenType.Error:
                Fail("JSON parse error, stray '" + QmpJsonParser.CText(text) + "'");
                return;
        }

        if (_tokenSize + text.Length + 1 > MaxTokenSize)
        {
            Fail("JSON token size limit exceeded");
            return;
        }

        if (_tokens.Count + 1 > MaxTokenCount)
        {
            Fail("JSON token count limit exceeded");
            return;
        }

        if (_braces + _brackets > MaxNesting)
        {
            Fail("JSON nesting depth limit exceeded");
            return;
        }

        _tokens.Add(new JsonToken(type, text));
        _tokenSize += text.Length;
        if ((_braces > 0 || _brackets > 0) && _braces >= 0 && _brackets >= 0)
        {
            return;
        }

        ParsedMessage message = QmpJsonParser.Parse(_tokens);
        Clear();
        _emit(message);
    }

    private void Fail(string error)
    {
        Clear();
        _emit(new ParsedMessage(null, error));
    }

    private void Clear()
    {
        _tokens.Clear();
        _braces = 0;
        _brackets = 0;
        _tokenSize = 0;
    }
}
