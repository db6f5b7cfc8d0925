namespace Emu.Monitor.Qmp.Json;

/// <summary>Token kinds of QEMU's JSON lexer (qobject/json-lexer.c); <see cref="Error"/> is a lexical error.</summary>
public enum JsonTokenType : byte
{
    Error,
    LeftCurly,
    RightCurly,
    LeftSquare,
    RightSquare,
    Colon,
    Comma,
    Integer,
    Float,
    Keyword,
    String,
}
