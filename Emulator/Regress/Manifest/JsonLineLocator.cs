using System.Text.Json;

namespace Emu.Regress.Manifest;

/// <summary>
/// The line of every member and array element of a JSON document, keyed by its path in
/// System.Text.Json's spelling (<c>$.cases[0].expect[1].serial</c>), so a check made after
/// deserialization can still name the line it is about.
/// </summary>
public sealed class JsonLineLocator
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public JsonLineLocator(ReadOnlySpan<byte> json)
    {
        Utf8JsonReader reader = new(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        List<Frame> stack = [];
        int line = 1;
        long counted = 0;
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                for (long i = counted; i < reader.TokenStartIndex; i++)
                {
                    if (json[(int)i] == (byte)'\n')
                    {
                        line++;
                    }
                }

                counted = reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    pendingName = reader.GetString();
                    string path = stack[^1].Path + "." + pendingName;
                    _lines.TryAdd(path, line);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                string here = ValuePath(stack, pendingName);
                pendingName = null;
                _lines.TryAdd(here, line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Add(new Frame(here));
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the deserializer with its own line number.
        }
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest known parent; 1 when nothing is known.</summary>
    public int LineOf(string path)
    {
        for (string p = path; p.Length > 0; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out int line))
            {
                return line;
            }
        }

        return 1;
    }

    private static string Parent(string path)
    {
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private static string ValuePath(List<Frame> stack, string? name)
    {
        if (stack.Count == 0)
        {
            return "$";
        }

        Frame parent = stack[^1];
        if (name is not null)
        {
            return parent.Path + "." + name;
        }

        return $"{parent.Path}[{parent.NextIndex++}]";
    }

    private sealed class Frame(string path)
    {
        public string Path { get; } = path;

        public int NextIndex { get; set; }
    }
}
