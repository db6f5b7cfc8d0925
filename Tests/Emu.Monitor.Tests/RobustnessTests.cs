using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>
/// Bad clients get QEMU's answer or a clean close, and the server keeps serving everybody else
/// (spec qmp.md 2.4, 9.2): malformed input, huge messages, clients vanishing mid-reply, and many
/// clients at once on one socket (served one at a time) and across several monitors.
/// </summary>
public sealed class RobustnessTests
{
    [Fact]
    public async Task MalformedInputGetsParseErrorsAndTheSessionGoesOn()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        Assert.Equal("JSON parse error, stray '@'", Desc(await client.ExecuteAsync("@")));
        Assert.Equal("QMP input must be a JSON object", Desc(await client.ExecuteAsync("[1, 2]")));
        Assert.Equal("JSON parse error, invalid keyword 'nonsense'", Desc(await client.ExecuteAsync("nonsense")));
        await client.SendAsync("\u0001\u00ff{]\n");
        Assert.Equal("JSON parse error, stray '\u0001'", Desc(await client.ReadReplyAsync()));
        Assert.Equal("JSON parse error, expecting value", Desc(await client.ReadReplyAsync()));
        await client.SendAsync(new string('[', 1025));
        Assert.Equal("JSON nesting depth limit exceeded", Desc(await client.ReadReplyAsync()));
        await client.SendAsync(new string(']', 1025) + "\n");
        for (int i = 0; i < 1025; i++)
        {
            Assert.Equal("JSON parse error, expecting value", Desc(await client.ReadReplyAsync()));
        }

        Assert.Equal("CommandNotFound", (await client.ExecuteAsync("""{"execute": "x-nope"}"""))["error"]!["class"]!.GetValue<string>());
        Assert.Equal("Invalid parameter type for 'device', expected: string", Desc(await client.ExecuteAsync("""{"execute": "eject", "arguments": {"device": []}}""")));
        Assert.Equal("running", await StatusAfterContAsync(client));
    }

    [Fact]
    public async Task SixteenMebibyteMessageIsParsedAndEchoed()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        string big = new('a', 16 << 20);
        JsonObject reply = await client.ExecuteAsync("{\"execute\": \"query-name\", \"id\": \"" + big + "\"}");
        Assert.Equal(big.Length, reply["id"]!.GetValue<string>().Length);
        Assert.Equal("The command " + big + " has not been found", Desc(await client.ExecuteAsync("{\"execute\": \"" + big + "\"}")));
        Assert.True((await client.ExecuteAsync("""{"execute": "query-status"}""")).ContainsKey("return"));
    }

    [Fact]
    public async Task ClientThatDisconnectsMidReplyDoesNotDisturbTheServer()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        for (int i = 0; i < 5; i++)
        {
            QmpTestClient rude = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
            await rude.SendAsync("{\"execute\": \"query-name\", \"id\": \"" + new string('x', 8 << 20) + "\"}");
            await rude.SendAsync("{\"execute\": \"query-block\"}");
            rude.Abort();
            await rude.DisposeAsync();
        }

        await using QmpTestClient polite = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        Assert.True((await polite.ExecuteAsync("""{"execute": "query-block"}""")).ContainsKey("return"));
    }

    [Fact]
    public async Task EofInTheMiddleOfAMessageClosesOnlyThatClient()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        await using (QmpTestClient half = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint))
        {
            await half.SendAsync("{\"execute\": \"query-st");
        }

        await using QmpTestClient next = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        Assert.True((await next.ExecuteAsync("""{"execute": "query-status"}""")).ContainsKey("return"));
    }

    [Fact]
    public async Task FiftyClientsOnOneSocketAreServedOneAtATime()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        int active = 0;
        int maxActive = 0;
        object gate = new();
        Task[] clients = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using QmpTestClient client = await QmpTestClient.ConnectAsync(target.Endpoint);
            Assert.Contains("\"QMP\"", await client.ReadLineAsync(), StringComparison.Ordinal);
            lock (gate)
            {
                active++;
                maxActive = Math.Max(maxActive, active);
            }

            Assert.True((await client.ExecuteAsync("""{"execute": "qmp_capabilities"}""")).ContainsKey("return"));
            JsonObject reply = await client.ExecuteAsync($$"""{"execute": "query-status", "id": {{i}}}""");
            Assert.Equal(i, reply["id"]!.GetValue<int>());
            lock (gate)
            {
                active--;
            }
        })).ToArray();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(1, maxActive);
    }

    [Fact]
    public async Task FiftyClientsAcrossSeveralMonitorsAllGetAnswers()
    {
        string dir = Directory.CreateTempSubdirectory("emuqmp").FullName;
        string[] options =
        {
            $"unix:{dir}/a.sock,server=on,wait=off",
            $"unix:{dir}/b.sock,server=on,wait=off",
            "tcp:127.0.0.1:0,server=on,wait=off",
            "tcp:127.0.0.1:0,server=on,wait=off",
            $"unix:{dir}/c.sock,server=on,wait=off",
        };
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde, options);
        IReadOnlyList<EndPoint?> endpoints = target.Host.LocalEndPoints;
        Task[] clients = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            EndPoint endpoint = endpoints[i % endpoints.Count]!;
            await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(endpoint);
            if (i % 7 == 0)
            {
                await client.SendAsync("{\"execute\": ");
                client.Abort();
                return;
            }

            JsonObject reply = await client.ExecuteAsync("""{"execute": "human-monitor-command", "arguments": {"command-line": "info status"}}""");
            Assert.Equal("VM status: paused (prelaunch)\r\n", reply["return"]!.GetValue<string>());
        })).ToArray();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(120));
        foreach (EndPoint? endpoint in endpoints)
        {
            await using QmpTestClient after = await QmpTestClient.ConnectNegotiatedAsync(endpoint!);
            Assert.True((await after.ExecuteAsync("""{"execute": "query-version"}""")).ContainsKey("return"));
        }

        Directory.Delete(dir, recursive: true);
    }

    private static async Task<string> StatusAfterContAsync(QmpTestClient client)
    {
        await client.ExecuteAsync("""{"execute": "cont"}""");
        return (await client.ExecuteAsync("""{"execute": "query-status"}"""))["return"]!["status"]!.GetValue<string>();
    }

    private static string Desc(JsonObject reply) => reply["error"]?["desc"]?.GetValue<string>() ?? "no error: " + reply.ToJsonString();
}
