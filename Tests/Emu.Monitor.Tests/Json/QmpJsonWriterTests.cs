using System.Text.Json.Nodes;
using Emu.Monitor.Qmp.Json;

namespace Emu.Monitor.Tests.Json;

/// <summary>Output bytes as QEMU 7.2 writes them (spec qmp.md 2.2, 2.3).</summary>
public sealed class QmpJsonWriterTests
{
    [Theory]
    [InlineData(0.1, "0.10000000000000001")]
    [InlineData(1.0, "1")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e300, "1.0000000000000001e+300")]
    [InlineData(123456789012345678901234.0, "1.2345678901234569e+23")]
    [InlineData(1.5, "1.5")]
    [InlineData(1e-5, "1.0000000000000001e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(1e17, "1e+17")]
    public void DoublesArePrintedLikePercent17g(double value, string expected) =>
        Assert.Equal(expected, QmpJsonWriter.FormatDouble(value));

    [Fact]
    public void StringsUseQemusEscapes()
    {
        JsonObject reply = new() { ["return"] = new JsonObject(), ["id"] = "a/b \u0001 \u007f \u0080 \t \ud83d\ude00 \" \\" };
        Assert.Equal("{\"return\": {}, \"id\": \"a/b \\u0001 \\u007F \\u0080 \\t \\uD83D\\uDE00 \\\" \\\\\"}\r\n", QmpJsonWriter.Serialize(reply, pretty: false));
    }

    [Fact]
    public void CompactStatusReplyIsExact()
    {
        JsonObject reply = new() { ["return"] = new JsonObject { ["status"] = "prelaunch", ["singlestep"] = false, ["running"] = false } };
        Assert.Equal("{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, \"running\": false}}\r\n", QmpJsonWriter.Serialize(reply, pretty: false));
    }

    [Fact]
    public void PrettyEmptyContainersCloseOnTheirOwnLine()
    {
        Assert.Equal("{\r\n    \"return\": {\r\n    }\r\n}\r\n", QmpJsonWriter.Serialize(new JsonObject { ["return"] = new JsonObject() }, pretty: true));
        Assert.Equal("{\r\n    \"return\": [\r\n    ]\r\n}\r\n", QmpJsonWriter.Serialize(new JsonObject { ["return"] = new JsonArray() }, pretty: true));
    }

    [Fact]
    public void LargeIntegersStayIntegers()
    {
        JsonArray values = new(JsonValue.Create(long.MinValue), JsonValue.Create(12345678901234567890UL));
        Assert.Equal("[-9223372036854775808, 12345678901234567890]\r\n", QmpJsonWriter.Serialize(values, pretty: false));
    }
}
