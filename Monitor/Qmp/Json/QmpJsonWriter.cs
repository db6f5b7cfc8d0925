using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emu.Monitor.Qmp.Json;

/// <summary>
/// Serialises a reply or event exactly as QEMU 7.2's qobject/json-writer.c and the monitor's output
/// layer do (spec qmp.md 2.2, 2.3): <c>", "</c> and <c>": "</c> separators, <c>\uXXXX</c> with
/// upper-case hex for control and non-ASCII characters, doubles as <c>%.17g</c>, pretty mode with
/// 4-space indents, and every line ending in CR LF.
/// </summary>
public static class QmpJsonWriter
{
    /// <summary>Printable ASCII other than the quote and the backslash: written as it is.</summary>
    private static readonly SearchValues<char> Unescaped = SearchValues.Create([.. Enumerable.Range(0x20, 0x7F - 0x20).Where(c => c != '"' && c != '\\').Select(c => (char)c)]);

    public static string Serialize(JsonNode? node, bool pretty)
    {
        StringBuilder sb = new();
        WriteValue(sb, node, pretty, 0);
        sb.Append('\n');
        return sb.Replace("\n", "\r\n").ToString();
    }

    public static byte[] SerializeToUtf8(JsonNode? node, bool pretty) => Encoding.UTF8.GetBytes(Serialize(node, pretty));

    private static void Newline(StringBuilder sb, bool pretty, int depth)
    {
        if (pretty)
        {
            sb.Append('\n').Append(' ', 4 * depth);
        }
    }

    private static void WriteValue(StringBuilder sb, JsonNode? node, bool pretty, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                bool firstMember = true;
                foreach (KeyValuePair<string, JsonNode?> member in obj)
                {
                    if (!firstMember)
                    {
                        sb.Append(',');
                        if (!pretty)
                        {
                            sb.Append(' ');
                        }
                    }

                    Newline(sb, pretty, depth + 1);
                    firstMember = false;
                    WriteString(sb, member.Key);
                    sb.Append(": ");
                    WriteValue(sb, member.Value, pretty, depth + 1);
                }

                Newline(sb, pretty, depth);
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                        if (!pretty)
                        {
                            sb.Append(' ');
                        }
                    }

                    Newline(sb, pretty, depth + 1);
                    WriteValue(sb, array[i], pretty, depth + 1);
                }

                Newline(sb, pretty, depth);
                sb.Append(']');
                break;
            case JsonValue value:
                WriteScalar(sb, value);
                break;
        }
    }

    private static void WriteScalar(StringBuilder sb, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(sb, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Number:
                sb.Append(FormatNumber(value));
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static string FormatNumber(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            string raw = element.GetRawText();
            if (raw.AsSpan().IndexOfAny(".eE") < 0)
            {
                return raw;
            }

            return FormatDouble(element.GetDouble());
        }

        if (value.TryGetValue(out long l))
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue(out ulong ul))
        {
            return ul.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue(out int i))
        {
            return i.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue(out uint ui))
        {
            return ui.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue(out double d))
        {
            return FormatDouble(d);
        }

        return FormatDouble(value.GetValue<float>());
    }

    /// <summary>C's <c>printf("%.17g")</c>: 17 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e17.</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return double.IsNegative(d) ? "-nan" : "nan";
        }

        if (double.IsInfinity(d))
        {
            return d < 0 ? "-inf" : "inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        string e = d.ToString("E16", CultureInfo.InvariantCulture);
        int ePos = e.IndexOf('E');
        bool negative = e[0] == '-';
        string digits = e.Substring(negative ? 1 : 0, ePos - (negative ? 1 : 0)).Replace(".", string.Empty);
        int exponent = int.Parse(e.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        StringBuilder sb = new();
        if (negative)
        {
            sb.Append('-');
        }

        if (exponent < -4 || exponent >= 17)
        {
            string mantissa = digits.TrimEnd('0');
            sb.Append(mantissa[0]);
            if (mantissa.Length > 1)
            {
                sb.Append('.').Append(mantissa, 1, mantissa.Length - 1);
            }

            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (exponent >= 0)
        {
            string intPart = digits[..(exponent + 1)];
            string frac = digits[(exponent + 1)..].TrimEnd('0');
            sb.Append(intPart);
            if (frac.Length > 0)
            {
                sb.Append('.').Append(frac);
            }

            return sb.ToString();
        }

        string fraction = (new string('0', -exponent - 1) + digits).TrimEnd('0');
        sb.Append("0.").Append(fraction);
        return sb.ToString();
    }

    /// <summary>QEMU quoted_str: short escapes for \b \f \n \r \t, \uXXXX (upper case) below 0x20, for 0x7F and above.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        ReadOnlySpan<char> rest = s;
        while (true)
        {
            // Printable ASCII other than the quote and the backslash goes out as it is, a run at a time.
            int special = rest.IndexOfAnyExcept(Unescaped);
            if (special < 0)
            {
                sb.Append(rest);
                break;
            }

            sb.Append(rest[..special]);
            WriteEscaped(sb, rest[special]);
            rest = rest[(special + 1)..];
        }

        sb.Append('"');
    }

    private static void WriteEscaped(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '"':
                sb.Append("\\\"");
                break;
            case '\\':
                sb.Append("\\\\");
                break;
            case '\b':
                sb.Append("\\b");
                break;
            case '\f':
                sb.Append("\\f");
                break;
            case '\n':
                sb.Append("\\n");
                break;
            case '\r':
                sb.Append("\\r");
                break;
            case '\t':
                sb.Append("\\t");
                break;
            default:
                // Only characters outside Unescaped get here: controls, DEL and everything above.
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                break;
        }
    }
}
