using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Emu.Monitor.Tests.Support;

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
        string? lastRequest = null;
        foreach (string entry in transcript)
        {
            string text = entry.Replace(workDirectory, "<WORK>", StringComparison.Ordinal);
            if (text.StartsWith("-> ", StringComparison.Ordinal))
            {
                lastRequest = text;
                result.Add(text);
                continue;
            }

            string body = text[3..];
            if (body == "EOF")
            {
                result.Add(text);
                continue;
            }

            JsonNode? node = JsonNode.Parse(body);
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

                if (obj.ContainsKey("return") && lastRequest is not null
                    && (lastRequest.Contains("query-commands", StringComparison.Ordinal) || lastRequest.Contains("query-qmp-schema", StringComparison.Ordinal)))
                {
                    obj["return"] = "<command list>";
                }

                Scrub(obj);
            }

            string serialized = Sorted(node)?.ToJsonString() ?? "null";
            serialized = BlockNode().Replace(serialized, "#block");
            serialized = DeviceNumber().Replace(serialized, "device[N]");
            serialized = SnapshotRow().Replace(serialized, "$1 <DATE> <CLOCK>");
            result.Add("<- " + serialized);
        }

        return result;
    }

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
