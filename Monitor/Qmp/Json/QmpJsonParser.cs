using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Emu.Monitor.Qmp.Json;

/// <summary>
/// QEMU's recursive-descent JSON parser (qobject/json-parser.c) over the tokens of one top-level
/// value. Only the first error is kept, with QEMU's wording. Integers that fit int64 or uint64 stay
/// integers; anything else becomes a double. The streamer has already bounded the nesting depth.
/// </summary>
public sealed class QmpJsonParser
{
    private readonly List<JsonToken> _tokens;
    private int _next;
    private string? _error;

    private QmpJsonParser(List<JsonToken> tokens)
    {
        _tokens = tokens;
    }

    public static ParsedMessage Parse(List<JsonToken> tokens)
    {
        QmpJsonParser parser = new(tokens);
        JsonNode? value = parser.ParseValue(out bool ok);
        if (parser._error is not null || !ok)
        {
            return new ParsedMessage(null, parser._error ?? "JSON parse error, expecting value");
        }

        return new ParsedMessage(value, null);
    }

    /// <summary>Token text as QEMU prints it with %s: up to the first NUL, invalid UTF-8 replaced.</summary>
    public static string CText(byte[] text)
    {
        int end = Array.IndexOf(text, (byte)0);
        return Encoding.UTF8.GetString(text, 0, end < 0 ? text.Length : end);
    }

    private JsonToken? Peek() => _next < _tokens.Count ? _tokens[_next] : null;

    private JsonToken? Pop() => _next < _tokens.Count ? _tokens[_next++] : null;

    private void Error(string message) => _error ??= "JSON parse error, " + message;

    private JsonNode? ParseValue(out bool ok)
    {
        ok = false;
        JsonToken? token = Peek();
        if (token is null)
        {
            Error("premature EOI");
            return null;
        }

        switch (token.Value.Type)
        {
            case JsonTokenType.LeftCurly:
                return ParseObject(out ok);
            case JsonTokenType.LeftSquare:
                return ParseArray(out ok);
            case JsonTokenType.Integer:
            case JsonTokenType.Float:
            case JsonTokenType.String:
                return ParseLiteral(out ok);
            case JsonTokenType.Keyword:
                return ParseKeyword(out ok);
            default:
                Error("expecting value");
                return null;
        }
    }

    private JsonNode? ParseObject(out bool ok)
    {
        ok = false;
        Pop();
        JsonObject dict = new();
        JsonToken? token = Peek();
        if (token is null)
        {
            Error("premature EOI");
            return null;
        }

        if (token.Value.Type == JsonTokenType.RightCurly)
        {
            Pop();
            ok = true;
            return dict;
        }

        if (!ParsePair(dict))
        {
            return null;
        }

        token = Pop();
        while (true)
        {
            if (token is null)
            {
                Error("premature EOI");
                return null;
            }

            if (token.Value.Type == JsonTokenType.RightCurly)
            {
                ok = true;
                return dict;
            }

            if (token.Value.Type != JsonTokenType.Comma)
            {
                Error("expected separator in dict");
                return null;
            }

            if (!ParsePair(dict))
            {
                return null;
            }

            token = Pop();
        }
    }

    private bool ParsePair(JsonObject dict)
    {
        if (Peek() is null)
        {
            Error("premature EOI");
            return false;
        }

        JsonNode? key = ParseValue(out bool keyOk);
        if (!keyOk || key is not JsonValue keyValue || !keyValue.TryGetValue(out string? name))
        {
            Error("key is not a string in object");
            return false;
        }

        JsonToken? token = Pop();
        if (token is null)
        {
            Error("premature EOI");
            return false;
        }

        if (token.Value.Type != JsonTokenType.Colon)
        {
            Error("missing : in object pair");
            return false;
        }

        JsonNode? value = ParseValue(out bool valueOk);
        if (!valueOk)
        {
            Error("Missing value in dict");
            return false;
        }

        if (dict.ContainsKey(name))
        {
            Error("duplicate key");
            return false;
        }

        dict[name] = value;
        return true;
    }

    private JsonNode? ParseArray(out bool ok)
    {
        ok = false;
        Pop();
        JsonArray list = new();
        JsonToken? token = Peek();
        if (token is null)
        {
            Error("premature EOI");
            return null;
        }

        if (token.Value.Type == JsonTokenType.RightSquare)
        {
            Pop();
            ok = true;
            return list;
        }

        JsonNode? item = ParseValue(out bool itemOk);
        if (!itemOk)
        {
            Error("expecting value");
            return null;
        }

        list.Add(item);
        token = Pop();
        while (true)
        {
            if (token is null)
            {
                Error("premature EOI");
                return null;
            }

            if (token.Value.Type == JsonTokenType.RightSquare)
            {
                ok = true;
                return list;
            }

            if (token.Value.Type != JsonTokenType.Comma)
            {
                Error("expected separator in list");
                return null;
            }

            item = ParseValue(out itemOk);
            if (!itemOk)
            {
                Error("expecting value");
                return null;
            }

            list.Add(item);
            token = Pop();
        }
    }

    private JsonNode? ParseKeyword(out bool ok)
    {
        JsonToken token = Pop()!.Value;
        string word = Encoding.ASCII.GetString(token.Text);
        ok = true;
        switch (word)
        {
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
            case "null":
                return null;
            default:
                ok = false;
                Error("invalid keyword '" + word + "'");
                return null;
        }
    }

    private JsonNode? ParseLiteral(out bool ok)
    {
        JsonToken token = Pop()!.Value;
        ok = true;
        if (token.Type == JsonTokenType.String)
        {
            string? s = ParseString(token.Text);
            ok = s is not null;
            return s is null ? null : JsonValue.Create(s);
        }

        string text = Encoding.ASCII.GetString(token.Text);
        if (token.Type == JsonTokenType.Integer)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long signed))
            {
                return JsonValue.Create(signed);
            }

            if (text[0] != '-' && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong unsigned))
            {
                return JsonValue.Create(unsigned);
            }
        }

        return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>QEMU parse_string: escapes, surrogate pairs, UTF-8 validation, noncharacters refused.</summary>
    /// <summary>ASCII bytes other than the backslash: in a string token they stand for themselves.</summary>
    private static readonly SearchValues<byte> PlainAscii = SearchValues.Create([.. Enumerable.Range(0, 0x80).Where(b => b != '\\').Select(b => (byte)b)]);

    private string? ParseString(byte[] text)
    {
        StringBuilder sb = new(text.Length);
        int end = text.Length - 1;
        int i = 1;
        while (i < end)
        {
            byte b = text[i];
            if (b == (byte)'\\')
            {
                int start = i;
                i++;
                byte c = text[i++];
                switch (c)
                {
                    case (byte)'"':
                    case (byte)'\'':
                    case (byte)'\\':
                    case (byte)'/':
                        sb.Append((char)c);
                        break;
                    case (byte)'b':
                        sb.Append('\b');
                        break;
                    case (byte)'f':
                        sb.Append('\f');
                        break;
                    case (byte)'n':
                        sb.Append('\n');
                        break;
                    case (byte)'r':
                        sb.Append('\r');
                        break;
                    case (byte)'t':
                        sb.Append('\t');
                        break;
                    case (byte)'u':
                        int cp = Hex4(text, i, end);
                        i += 4;
                        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < end && text[i] == (byte)'\\' && text[i + 1] == (byte)'u')
                        {
                            int trailing = Hex4(text, i + 2, end);
                            if (trailing >= 0xDC00 && trailing <= 0xDFFF)
                            {
                                cp = 0x10000 + ((cp & 0x3FF) << 10) + (trailing & 0x3FF);
                                i += 6;
                            }
                            else
                            {
                                cp = -1;
                            }
                        }

                        if (!IsValidCodePoint(cp))
                        {
                            int stop = Math.Min(i, end);
                            Error(Encoding.UTF8.GetString(text, start, stop - start) + " is not a valid Unicode character");
                            return null;
                        }

                        sb.Append(char.ConvertFromUtf32(cp));
                        break;
                    default:
                        Error("invalid escape sequence in string");
                        return null;
                }
            }
            else if (b < 0x80)
            {
                // A run of plain ASCII in one copy rather than a call per character.
                int run = text.AsSpan(i, end - i).IndexOfAnyExcept(PlainAscii);
                int length = run < 0 ? end - i : run;
                sb.Append(Encoding.ASCII.GetString(text, i, length));
                i += length;
            }
            else
            {
                int cp = DecodeUtf8(text, ref i, end);
                if (cp < 0)
                {
                    Error("invalid UTF-8 sequence in string");
                    return null;
                }

                sb.Append(char.ConvertFromUtf32(cp));
            }
        }

        return sb.ToString();
    }

    private static int Hex4(byte[] text, int at, int end)
    {
        if (at + 4 > end)
        {
            return -1;
        }

        int value = 0;
        for (int k = 0; k < 4; k++)
        {
            int d = HexDigit(text[at + k]);
            if (d < 0)
            {
                return -1;
            }

            value = (value << 4) | d;
        }

        return value;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>QEMU util/unicode.c is_valid_codepoint: no surrogates, no noncharacters, at most U+10FFFF.</summary>
    private static bool IsValidCodePoint(int cp) =>
        cp >= 0 && cp <= 0x10FFFF && (cp & 0xFFFFF800) != 0xD800 && (cp & 0xFFFE) != 0xFFFE && !(cp >= 0xFDD0 && cp <= 0xFDEF);

    /// <summary>Strict UTF-8 (modified: C0 80 is U+0000, as QEMU's mod_utf8_codepoint).</summary>
    private static int DecodeUtf8(byte[] text, ref int i, int end)
    {
        byte b0 = text[i];
        if (b0 < 0x80)
        {
            i++;
            return b0;
        }

        int length = b0 >= 0xF0 && b0 <= 0xF4 ? 4 : b0 >= 0xE0 ? (b0 < 0xF0 ? 3 : 0) : b0 >= 0xC0 ? 2 : 0;
        if (length == 0 || i + length > end)
        {
            return -1;
        }

        int cp = b0 & (0x7F >> length);
        for (int k = 1; k < length; k++)
        {
            byte b = text[i + k];
            if ((b & 0xC0) != 0x80)
            {
                return -1;
            }

            cp = (cp << 6) | (b & 0x3F);
        }

        bool overlong = (length == 2 && cp < 0x80 && !(b0 == 0xC0 && text[i + 1] == 0x80))
            || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
        if (overlong || !IsValidCodePoint(cp))
        {
            return -1;
        }

        i += length;
        return cp;
    }
}
