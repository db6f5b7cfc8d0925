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
