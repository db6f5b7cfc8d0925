using System.Text.Json.Nodes;
using Emu.Monitor.Machine;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>Events reach every negotiated monitor with one timestamp, none reach a monitor in negotiation (spec qmp.md 2.6, 2.7, 4).</summary>
public sealed class EventTests
{
    [Fact]
    public async Task ThreeMonitorsShareEventsAndQuitClosesThemAll()
    {
        string dir = Directory.CreateTempSubdirectory("emuqmp").FullName;
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde, new[]
        {
            $"unix:{dir}/a.sock,server=on,wait=off",
            $"unix:{dir}/b.sock,server=on,wait=off",
            $"unix:{dir}/c.sock,server=on,wait=off",
        });
        QmpTestClient a = await QmpTestClient.ConnectNegotiatedAsync(QmpTestClient.Unix($"{dir}/a.sock"));
        QmpTestClient b = await QmpTestClient.ConnectNegotiatedAsync(QmpTestClient.Unix($"{dir}/b.sock"));
        QmpTestClient c = await QmpTestClient.ConnectAsync(QmpTestClient.Unix($"{dir}/c.sock"));
        await c.ReadLineAsync();

        List<JsonObject> aEvents = new();
        await a.ExecuteAsync("""{"execute": "stop"}""", aEvents);
        Assert.Empty(aEvents);

        List<JsonObject> bEvents = new();
        await b.ExecuteAsync("""{"execute": "cont"}""", bEvents);
        JsonObject resumeB = Assert.Single(bEvents);
        JsonObject resumeA = JsonNode.Parse((await a.ReadLineAsync())!)!.AsObject();
        Assert.Equal("RESUME", resumeA["event"]!.GetValue<string>());
        Assert.False(resumeA.ContainsKey("data"));
        Assert.Equal(resumeB["timestamp"]!.ToJsonString(), resumeA["timestamp"]!.ToJsonString());

        await a.ExecuteAsync("""{"execute": "eject", "arguments": {"device": "ide1-cd0"}}""", aEvents);
        JsonObject movedB = JsonNode.Parse((await b.ReadLineAsync())!)!.AsObject();
        Assert.Equal(Assert.Single(aEvents).ToJsonString(), movedB.ToJsonString());

        JsonObject refused = await c.ExecuteAsync("""{"execute": "query-status"}""");
        Assert.Equal("Expecting capabilities negotiation with 'qmp_capabilities'", refused["error"]!["desc"]!.GetValue<string>());

        aEvents.Clear();
        JsonObject bye = await a.ExecuteAsync("""{"execute": "quit", "id": "bye"}""", aEvents);
        Assert.Equal("bye", bye["id"]!.GetValue<string>());
        Assert.Equal("""{"guest":false,"reason":"host-qmp-quit"}""", Assert.Single(aEvents)["data"]!.ToJsonString());
        JsonObject shutdownB = JsonNode.Parse((await b.ReadLineAsync())!)!.AsObject();
        Assert.Equal("SHUTDOWN", shutdownB["event"]!.GetValue<string>());
        Assert.Null(await a.ReadLineAsync());
        Assert.Null(await b.ReadLineAsync());
        Assert.Null(await c.ReadLineAsync());
        await target.Exited.WaitAsync(QmpTestClient.Timeout);
        Assert.False(File.Exists($"{dir}/a.sock"));
        await a.DisposeAsync();
        await b.DisposeAsync();
        await c.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task GuestPowerOffUnderNoShutdownNeedsAResetBeforeCont()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        await client.ExecuteAsync("""{"execute": "cont"}""");

        // What the App does when the guest powers off with -no-shutdown.
        await target.Machine.InvokeAsync(() =>
        {
            target.Host.Events.Shutdown(ShutdownCause.GuestShutdown);
            target.Machine.GuestPowerOff();
            target.Host.Events.Stop();
        });
        JsonObject shutdown = JsonNode.Parse((await client.ReadLineAsync())!)!.AsObject();
        Assert.Equal("""{"guest":true,"reason":"guest-shutdown"}""", shutdown["data"]!.ToJsonString());
        Assert.Equal("STOP", JsonNode.Parse((await client.ReadLineAsync())!)!["event"]!.GetValue<string>());

        Assert.Equal("shutdown", (await client.ExecuteAsync("""{"execute": "query-status"}"""))["return"]!["status"]!.GetValue<string>());
        Assert.Equal("VM status: paused (shutdown)\r\n", (await client.ExecuteAsync("""{"execute": "human-monitor-command", "arguments": {"command-line": "info status"}}"""))["return"]!.GetValue<string>());
        Assert.Equal("Resetting the Virtual Machine is required", (await client.ExecuteAsync("""{"execute": "cont"}"""))["error"]!["desc"]!.GetValue<string>());
        await client.ExecuteAsync("""{"execute": "system_reset"}""");
        Assert.Equal("prelaunch", (await client.ExecuteAsync("""{"execute": "query-status"}"""))["return"]!["status"]!.GetValue<string>());
        List<JsonObject> events = new();
        await client.ExecuteAsync("""{"execute": "cont"}""", events);
        Assert.Equal("RESUME", Assert.Single(events)["event"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppReportedEventsCarryQemusData()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        target.Host.Events.Reset(ShutdownCause.GuestReset);
        target.Host.Events.Shutdown(ShutdownCause.HostSignal);
        target.Host.Events.Powerdown();
        Assert.Equal("""{"guest":true,"reason":"guest-reset"}""", JsonNode.Parse((await client.ReadLineAsync())!)!["data"]!.ToJsonString());
        Assert.Equal("""{"guest":false,"reason":"host-signal"}""", JsonNode.Parse((await client.ReadLineAsync())!)!["data"]!.ToJsonString());
        JsonObject powerdown = JsonNode.Parse((await client.ReadLineAsync())!)!.AsObject();
        Assert.Equal("POWERDOWN", powerdown["event"]!.GetValue<string>());
        Assert.False(powerdown.ContainsKey("data"));
        Assert.Equal(0, await MachinePresses(target));
        await client.ExecuteAsync("""{"execute": "system_powerdown"}""");
        Assert.Equal(1, await MachinePresses(target));
    }

    private static async Task<int> MachinePresses(EmuTarget target)
    {
        int presses = 0;
        await target.Machine.InvokeAsync(() => presses = target.Machine.PowerButtonPresses);
        return presses;
    }
}
