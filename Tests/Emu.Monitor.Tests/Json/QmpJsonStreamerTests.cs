using System.Text;
using System.Text.Json.Nodes;
using Emu.Monitor.Qmp.Json;

namespace Emu.Monitor.Tests.Json;

/// <summary>Input framing and parse errors as QEMU's json-streamer and json-parser give them (spec qmp.md 2.4).</summary>
public sealed class QmpJsonStreamerTests
{
    [Fact]
    public void MessagesAreFramedByBracketsNotLines()
    {
        List<ParsedMessage> got = Feed("{\"execute\":\n \"query-name\"} {\"a\": [1, {\"b\": 2}]}", "{'execute'", ": 'x'}");
        Assert.Equal(3, got.Count);
        Assert.Equal("query-name", got[0].Value!["execute"]!.GetValue<string>());
        Assert.Equal(2, got[1].Value!["a"]![1]!["b"]!.GetValue<long>());
        Assert.Equal("x", got[2].Value!["execute"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("xyz\n", "JSON parse error, invalid keyword 'xyz'")]
    [InlineData("{\"execute\": \"query-status\",}", "JSON parse error, expecting value")]
    [InlineData("]", "JSON parse error, expecting value")]
    [InlineData("{\"execute\" \"query-status\"}", "JSON parse error, missing : in object pair")]
    [InlineData("@", "JSON parse error, stray '@'")]
    [InlineData("\"\\q\"", "JSON parse error, invalid escape sequence in string")]
    [InlineData("{\"a\": 1, \"a\": 2}", "JSON parse error, duplicate key")]
    [InlineData("{1: 2}", "JSON parse error, key is not a string in object")]
    [InlineData("[1 2]", "JSON parse error, expected separator in list")]
    [InlineData("\"\\ud800x\"", "JSON parse error, \\ud800 is not a valid Unicode character")]
    public void ParseErrorsUseQemusTexts(string input, string error)
    {
        ParsedMessage message = Assert.Single(Feed(input));
        Assert.Equal(error, message.Error);
    }

    [Fact]
    public void LexicalErrorDiscardsTheMessageAndParsingRestarts()
    {
        List<ParsedMessage> got = Feed("{\"execute\": \"query-status\", \"x\": @} {\"ok\": true}");
        Assert.Equal(new[] { "JSON parse error, stray '@'", "JSON parse error, expecting value", null }, got.Select(m => m.Error));
        Assert.True(got[2].Value!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public void NestingDeeperThan1024IsRefused()
    {
        List<ParsedMessage> got = Feed(new string('[', 1024) + new string(']', 1024), new string('[', 1025));
        Assert.Null(got[0].Error);
        Assert.Equal("JSON nesting depth limit exceeded", got[1].Error);
    }

    [Fact]
    public void ScalarsAndNullAreValues()
    {
        List<ParsedMessage> got = Feed("5 \"s\" null -0 18446744073709551615 1.5e3\n");
        Assert.All(got, m => Assert.Null(m.Error));
        Assert.Equal(6, got.Count);
        Assert.Null(got[2].Value);
        Assert.Equal(ulong.MaxValue, got[4].Value!.GetValue<ulong>());
        Assert.Equal(1500.0, got[5].Value!.GetValue<double>());
    }

    [Fact]
    public void ByteAtATimeFeedingGivesTheSameResult()
    {
        byte[] input = Encoding.UTF8.GetBytes("{\"execute\": \"eject\", \"arguments\": {\"device\": \"ide1-cd0\\u00e9\"}}");
        List<ParsedMessage> got = new();
        QmpJsonStreamer streamer = new(got.Add);
        foreach (byte b in input)
        {
            streamer.Feed(new[] { b });
        }

        Assert.Equal("ide1-cd0\u00e9", Assert.Single(got).Value!["arguments"]!["device"]!.GetValue<string>());
    }

    [Fact]
    public void AStringPastTheTokenLimitIsCutAtTheByteThatPassesItAndLexingGoesOn()
    {
        // QEMU json-streamer.c: the message's tokens may hold at most MAX_TOKEN_SIZE (64 MiB)
        // bytes; quotes count. One byte fewer than that parses.
        int longest = QmpJsonStreamer.MaxTokenSize - 1;
        List<ParsedMessage> fits = FeedBytes(Encoding.ASCII.GetBytes("\"" + new string('a', longest - 2) + "\""));
        Assert.Equal(longest - 2, Assert.Single(fits).Value!.GetValue<string>().Length);

        // QEMU json-lexer.c: the byte that makes a token longer than 64 MiB ends it as an error and
        // lexing restarts with the next byte: here "1" (an integer), which a cut one byte early
        // would have lexed as the keyword "a1".
        byte[] past = Encoding.ASCII.GetBytes("\"" + new string('a', QmpJsonLexer.MaxTokenSize) + "1 {\"ok\": 1}");
        List<ParsedMessage> cut = FeedBytes(past);
        Assert.Equal(["JSON token size limit exceeded", "1", "{\"ok\":1}"], cut.Select(Describe));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void StringsFedInAnyChunksGiveWhatTheWholeInputGives(int chunk)
    {
        // Runs inside strings are taken at once: quotes of the other kind, escapes, control bytes,
        // UTF-8 and the impossible bytes FE/FF must still end a run where byte-by-byte lexing would.
        byte[] input =
        [
            .. Encoding.UTF8.GetBytes("{\"a\": \"plain 'single' \\\" \\\\ \\u00e9 \u00e9\u4e2d text\", 'b': 'x\"y\\'z'} "),
            .. Encoding.ASCII.GetBytes("\"bad\u0001control\" \"ffXX\" ").Select(b => b == (byte)'X' ? (byte)0xFF : b),
            .. Encoding.ASCII.GetBytes("{\"after\": \"" + new string('z', 10000) + "\"}"),
        ];
        List<ParsedMessage> whole = FeedBytes(input);
        List<ParsedMessage> chunked = FeedBytes([.. input.Chunk(chunk)]);
        Assert.Equal(whole.Select(Describe), chunked.Select(Describe));
        Assert.Equal("plain 'single' \" \\ \u00e9 \u00e9\u4e2d text", whole[0].Value!["a"]!.GetValue<string>());
        Assert.Equal(10000, whole[^1].Value!["after"]!.GetValue<string>().Length);
    }

    private static string Describe(ParsedMessage m) => m.Error ?? m.Value?.ToJsonString() ?? "null";

    private static List<ParsedMessage> FeedBytes(params byte[][] chunks)
    {
        List<ParsedMessage> got = new();
        QmpJsonStreamer streamer = new(got.Add);
        foreach (byte[] chunk in chunks)
        {
            streamer.Feed(chunk);
        }

        return got;
    }

    private static List<ParsedMessage> Feed(params string[] chunks)
    {
        List<ParsedMessage> got = new();
        QmpJsonStreamer streamer = new(got.Add);
        foreach (string chunk in chunks)
        {
            streamer.Feed(Encoding.UTF8.GetBytes(chunk));
        }

        return got;
    }
}
