using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Emu.TestSupport.Qmp;

/// <summary>
/// Replaces what legitimately differs between runs and between QEMU and Emu (spec qmp.md 9.1):
/// timestamps, version and package, #blockNNN node names, QOM device numbers, actual-size,
/// snapshot dates and clocks, the work directory; drops guest-caused RESET events; excepts
/// query-commands and query-qmp-schema replies; re-serialises with sorted keys.
/// </summary>
public static partial class TranscriptNormalizer
{
    public static List<string> Normalize(IEnumerable<string> transcript, string workDirectory)
    {
        List<string> result = new();
        foreach ((string text, string? request) in Lines(transcript, workDirectory))
        {
            if (text.StartsWith("-> ", StringComparison.Ordinal) || text == "<- EOF")
            {
                result.Add(text);
                continue;
            }

            JsonNode? node = JsonNode.Parse(text[3..]);
            if (node is JsonObject obj)
            {
                if (obj["event"]?.GetValue<string>() == "RESET" && obj["data"]?["guest"]?.GetValue<bool>() == true)
                {
                    continue;
                }

                if (obj.ContainsKey("timestamp"))
                {
                    obj["timestamp"] = new JsonObject { ["seconds"] = 0, ["microseconds"] = 0 };
                }

                if (obj.ContainsKey("return") && AsksForCommandList(request))
                {
                    obj["return"] = "<command list>";
                }

                Scrub(obj);
            }

            result.Add("<- " + ReplaceNumbering(Sorted(node)?.ToJsonString() ?? "null"));
        }

        return result;
    }

    /// <summary>
    /// The same normalisation done on the raw text, keeping member order and spacing, so a
    /// comparison also checks that Emu emits QEMU's byte layout. Replies to query-commands and
    /// query-qmp-schema and the version lines are dropped.
    /// </summary>
    public static List<string> NormalizeRaw(IEnumerable<string> transcript, string workDirectory)
    {
        List<string> result = new();
        foreach ((string text, string? request) in Lines(transcript, workDirectory))
        {
            bool received = !text.StartsWith("-> ", StringComparison.Ordinal);
            if (received
                && (text.Contains("\"guest\": true, \"reason\": \"guest-reset\"", StringComparison.Ordinal)
                    || AsksForCommandList(request)
                    || (request is not null && request.Contains("version", StringComparison.Ordinal))
                    || text.Contains("\"QMP\"", StringComparison.Ordinal)))
            {
                continue;
            }

            result.Add(ReplaceNumbering(RawNumbers().Replace(text, "\"$1\": 0")));
        }

        return result;
    }

    /// <summary>Each transcript line with the work directory replaced, and the request line it follows (itself for a request).</summary>
    private static IEnumerable<(string Text, string? Request)> Lines(IEnumerable<string> transcript, string workDirectory)
    {
        string? request = null;
        foreach (string entry in transcript)
        {
            string text = entry.Replace(workDirectory, "<WORK>", StringComparison.Ordinal);
            if (text.StartsWith("-> ", StringComparison.Ordinal))
            {
                request = text;
            }

            yield return (text, request);
        }
    }

    /// <summary>Whether a reply answers query-commands or query-qmp-schema, whose order and type numbers vary (spec qmp.md 9.1).</summary>
    private static bool AsksForCommandList(string? request) =>
        request is not null
        && (request.Contains("query-commands", StringComparison.Ordinal) || request.Contains("query-qmp-schema", StringComparison.Ordinal));

    /// <summary>Node names, QOM device numbers and HMP snapshot dates and clocks, which vary between runs.</summary>
    private static string ReplaceNumbering(string text)
    {
        text = BlockNode().Replace(text, "#block");
        text = DeviceNumber().Replace(text, "device[N]");
        return SnapshotRow().Replace(text, "$1 <DATE> <CLOCK>");
    }

    [GeneratedRegex(@"""(seconds|microseconds|actual-size|date-sec|date-nsec|vm-clock-sec|vm-clock-nsec)"": \d+")]
    private static partial Regex RawNumbers();

    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).ToList())
                {
                    switch (key)
                    {
                        case "actual-size":
                        case "date-sec":
                        case "date-nsec":
                        case "vm-clock-sec":
                        case "vm-clock-nsec":
                        case "micro":
                        case "minor":
                        case "major":
                            obj[key] = 0;
                            break;
                        case "package":
                            obj[key] = "<PACKAGE>";
                            break;
                        default:
                            Scrub(obj[key]);
                            break;
                    }
                }

                if (obj["return"] is JsonValue v && v.TryGetValue(out string? s) && VersionLine().IsMatch(s))
                {
                    obj["return"] = "<VERSION>";
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    Scrub(item);
                }

                break;
        }
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })),
    };

    [GeneratedRegex(@"#block\d+")]
    private static partial Regex BlockNode();

    [GeneratedRegex(@"device\[\d+\]")]
    private static partial Regex DeviceNumber();

    /// <summary>An HMP snapshot row: size column, then DATE and VM CLOCK.</summary>
    [GeneratedRegex(@"( B) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d\d:\d\d:\d\d\.\d{3}")]
    private static partial Regex SnapshotRow();

    /// <summary>HMP info version: "7.2.22Debian ..." or Emu's.</summary>
    [GeneratedRegex(@"^\d+\.\d+\.\d+.*\r\n$")]
    private static partial Regex VersionLine();
}
