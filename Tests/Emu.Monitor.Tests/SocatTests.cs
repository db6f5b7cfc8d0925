using System.Net;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>socat as a real QMP client over unix and TCP sockets, and the one-client-per-socket rule (spec qmp.md 9.2).</summary>
public sealed class SocatTests
{
    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task SocatNegotiatesAndQueries(string transport)
    {
        await using EmuTarget target = Start(transport);
        await using Socat socat = Socat.Start(Address(target));
        await socat.SendLineAsync("""{"execute": "qmp_capabilities"}""");
        await socat.SendLineAsync("""{"execute": "query-status", "id": "s"}""");
        Assert.StartsWith("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": ", await socat.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Equal("{\"return\": {}}\r", await socat.ReadLineAsync());
        Assert.Equal("{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, \"running\": false}, \"id\": \"s\"}\r", await socat.ReadLineAsync());
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task SecondClientWaitsSilentlyUntilTheFirstLeaves(string transport)
    {
        await using EmuTarget target = Start(transport);
        QmpTestClient first = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        await using Socat second = Socat.Start(Address(target));
        await second.SendLineAsync("""{"execute": "qmp_capabilities"}""");
        await second.SendLineAsync("""{"execute": "query-status"}""");

        // While the first client is connected the second gets nothing, not even a greeting, and
        // sees none of the first client's traffic or events.
        await first.ExecuteAsync("""{"execute": "cont"}""");
        Task<string?> pending = second.ReadLineAsync();
        await Task.Delay(300);
        Assert.False(pending.IsCompleted);

        await first.DisposeAsync();
        Assert.Contains("\"QMP\"", await pending, StringComparison.Ordinal);
        Assert.Equal("{\"return\": {}}\r", await second.ReadLineAsync());
        Assert.Equal("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}}\r", await second.ReadLineAsync());
    }

    [Fact]
    public async Task PrettyMonitorPrintsQemusLayout()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde, pretty: true);
        await using Socat socat = Socat.Start(Address(target));
        await socat.SendLineAsync("""{"execute": "qmp_capabilities"}""");
        await socat.SendLineAsync("""{"execute": "cont"}""");
        await socat.SendLineAsync("""{"execute": "transaction", "arguments": {"actions": []}}""");
        List<string> lines = new();
        for (int i = 0; i < 34; i++)
        {
            lines.Add((await socat.ReadLineAsync())!);
        }

        string text = string.Join("\n", lines);
        Assert.All(lines, l => Assert.EndsWith("\r", l, StringComparison.Ordinal));
        Assert.StartsWith("{\r\n    \"QMP\": {\r\n        \"version\": {\r\n            \"qemu\": {\r\n                \"micro\": 0,\r\n                \"minor\": 2,\r\n                \"major\": 7\r\n            },\r\n            \"package\": ", text, StringComparison.Ordinal);
        Assert.Contains("        \"capabilities\": [\r\n            \"oob\"\r\n        ]\r\n    }\r\n}\r\n{\r\n    \"return\": {\r\n    }\r\n}\r\n{\r\n    \"timestamp\": {\r\n        \"seconds\": ", text, StringComparison.Ordinal);
        Assert.Contains("\r\n    },\r\n    \"event\": \"RESUME\"\r\n}\r\n{\r\n    \"return\": {\r\n    }\r\n}\r\n{\r\n    \"return\": {\r\n    }\r", text, StringComparison.Ordinal);
    }

    private static EmuTarget Start(string transport) => transport == "tcp"
        ? EmuTarget.Start(SessionConfig.FourIde, new[] { "tcp:127.0.0.1:0,server=on,wait=off" })
        : EmuTarget.Start(SessionConfig.FourIde);

    private static string Address(EmuTarget target) => target.Endpoint switch
    {
        IPEndPoint ip => $"TCP:{ip.Address}:{ip.Port}",
        _ => "UNIX-CONNECT:" + Path.Combine(target.WorkDirectory, "qmp.sock"),
    };
}
