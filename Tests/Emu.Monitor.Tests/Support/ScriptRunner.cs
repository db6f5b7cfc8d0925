using System.Text.Json.Nodes;

namespace Emu.Monitor.Tests.Support;

/// <summary>
/// Runs a scripted QMP session (one request per line, kept in Scripts/) against a target and
/// records the transcript: the greeting, every request, every message received. A line
/// <c>N&gt; request</c> expects N replies; <c>#</c> lines are comments. <c>&lt;WORK&gt;</c> is the
/// target's work directory. After the last line, messages are read until the target closes.
/// </summary>
public static class ScriptRunner
{
    public static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Scripts", name);

    public static async Task<List<string>> RunAsync(IQmpTarget target, string scriptName)
    {
        List<string> transcript = new();
        await using QmpTestClient client = await QmpTestClient.ConnectAsync(target.Endpoint);
        transcript.Add("<- " + await client.ReadLineAsync());
        foreach (string raw in File.ReadAllLines(ScriptPath(scriptName)))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            int replies = 1;
            string line = raw;
            if (line.Length > 2 && char.IsDigit(line[0]) && line[1] == '>')
            {
                replies = line[0] - '0';
                line = line[2..].TrimStart();
            }

            line = line.Replace("<WORK>", target.WorkDirectory, StringComparison.Ordinal);
            transcript.Add("-> " + line);
            // A line ending in a closing bracket is complete without a terminator; sending none keeps
            // unread bytes out of the server's buffer when it closes after quit (which would reset).
            await client.SendAsync(line.EndsWith('}') || line.EndsWith(']') ? line : line + "\n");
            for (int got = 0; got < replies;)
            {
                string message = await client.ReadLineAsync() ?? throw new EndOfStreamException($"closed while waiting for the reply to {line}");
                transcript.Add("<- " + message);
                JsonObject parsed = JsonNode.Parse(message)!.AsObject();
                if (parsed.ContainsKey("return") || parsed.ContainsKey("error"))
                {
                    got++;
                }
            }
        }

        try
        {
            while (await client.ReadLineAsync() is { } tail)
            {
                transcript.Add("<- " + tail);
            }
        }
        catch (IOException)
        {
            // A reset after the server's last message is an end of stream like any other.
        }

        transcript.Add("<- EOF");
        return transcript;
    }
}
