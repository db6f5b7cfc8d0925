using System.Text.Json.Nodes;
using Emu.Devices.Storage;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>
/// The tray as the guest drives it through the drive model (PREVENT ALLOW MEDIUM REMOVAL, START
/// STOP UNIT) and as QMP sees it (spec qmp.md 5.13, ide-atapi-bios.md B.8).
/// </summary>
public sealed class TrayTests
{
    private const string LockedText = "Device 'ide1-cd0' is locked and force was not specified, wait for tray to open and try again";

    [Fact]
    public async Task GuestLockedTrayRefusesEjectAsksTheGuestAndYieldsToForce()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        BlockDrive cd = target.Drives[2];
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        await target.Machine.GuestAsync(() => cd.Tray!.GuestSetLocked(true));

        List<JsonObject> events = new();
        Assert.Equal(LockedText, Desc(await client.ExecuteAsync("""{"execute": "eject", "arguments": {"device": "ide1-cd0"}}""", events)));
        Assert.Empty(events);
        Assert.True(await OnMachine(target, () => cd.Tray!.EjectRequestEvent && !cd.IsTrayOpen && cd.HasMedium));

        JsonObject block = (await client.ExecuteAsync("""{"execute": "query-block"}"""))["return"]![2]!.AsObject();
        Assert.True(block["locked"]!.GetValue<bool>());
        string info = (await client.ExecuteAsync("""{"execute": "human-monitor-command", "arguments": {"command-line": "info block ide1-cd0"}}"""))["return"]!.GetValue<string>();
        Assert.Contains("    Removable device: locked, tray closed\r\n", info, StringComparison.Ordinal);

        await OnMachine(target, () => cd.Tray!.EjectRequestEvent = false);
        Assert.True((await client.ExecuteAsync("""{"execute": "blockdev-open-tray", "arguments": {"device": "ide1-cd0"}}""", events)).ContainsKey("return"));
        Assert.Empty(events);
        Assert.True(await OnMachine(target, () => cd.Tray!.EjectRequestEvent && !cd.IsTrayOpen));

        string iso = Path.Combine(target.WorkDirectory, "cd2.iso");
        Assert.Equal(LockedText, Desc(await client.ExecuteAsync($$$"""{"execute": "blockdev-change-medium", "arguments": {"device": "ide1-cd0", "filename": "{{{iso}}}", "format": "raw"}}""", events)));
        Assert.Empty(events);
        Assert.EndsWith("cd.iso", await OnMachine(target, () => cd.Medium!.FileName), StringComparison.Ordinal);

        JsonObject hmp = await client.ExecuteAsync("""{"execute": "human-monitor-command", "arguments": {"command-line": "eject ide1-cd0"}}""");
        Assert.Equal("Error: " + LockedText + "\r\n", hmp["return"]!.GetValue<string>());

        Assert.True((await client.ExecuteAsync("""{"execute": "eject", "arguments": {"device": "ide1-cd0", "force": true}}""", events)).ContainsKey("return"));
        JsonObject moved = Assert.Single(events);
        Assert.Equal("DEVICE_TRAY_MOVED", moved["event"]!.GetValue<string>());
        Assert.Equal("""{"device":"ide1-cd0","tray-open":true,"id":"/machine/unattached/device[20]"}""", moved["data"]!.ToJsonString());
        block = (await client.ExecuteAsync("""{"execute": "query-block"}"""))["return"]![2]!.AsObject();
        Assert.False(block["locked"]!.GetValue<bool>());
        Assert.True(block["tray_open"]!.GetValue<bool>());
        Assert.False(block.ContainsKey("inserted"));

        events.Clear();
        await client.ExecuteAsync("""{"execute": "blockdev-close-tray", "arguments": {"device": "ide1-cd0"}}""", events);
        Assert.False(Assert.Single(events)["data"]!["tray-open"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GuestStartStopUnitMovesTheTrayAndEveryMonitorHearsIt()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        BlockDrive cd = target.Drives[2];
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        await target.Machine.GuestAsync(() => cd.GuestMoveTray(open: true));
        JsonObject opened = JsonNode.Parse((await client.ReadLineAsync())!)!.AsObject();
        Assert.Equal("DEVICE_TRAY_MOVED", opened["event"]!.GetValue<string>());
        Assert.True(opened["data"]!["tray-open"]!.GetValue<bool>());

        // The medium stays in the drive: the host can close the tray again.
        JsonObject block = (await client.ExecuteAsync("""{"execute": "query-block"}"""))["return"]![2]!.AsObject();
        Assert.True(block["tray_open"]!.GetValue<bool>());
        Assert.True(block.ContainsKey("inserted"));

        await target.Machine.GuestAsync(() => cd.GuestMoveTray(open: false));
        JsonObject closed = JsonNode.Parse((await client.ReadLineAsync())!)!.AsObject();
        Assert.False(closed["data"]!["tray-open"]!.GetValue<bool>());
    }

    [Fact]
    public async Task HostMediaChangeTellsTheGuestAboutNewMedia()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        BlockDrive cd = target.Drives[3];
        int interrupts = 0;
        await target.Machine.GuestAsync(() => cd.Tray!.InterruptRequested += () => interrupts++);
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        string iso = Path.Combine(target.WorkDirectory, "cd2.iso");
        List<JsonObject> events = new();
        await client.ExecuteAsync($$$"""{"execute": "blockdev-change-medium", "arguments": {"device": "ide1-cd1", "filename": "{{{iso}}}"}}""", events);
        Assert.Equal(new[] { true, false }, events.Select(e => e["data"]!["tray-open"]!.GetValue<bool>()));
        Assert.True(await OnMachine(target, () => cd.Tray!.NewMediaEvent && cd.Tray.MediaChangeState == 1 && !cd.IsTrayOpen && cd.Medium!.IsReadOnly));
        Assert.Equal(2, await OnMachine(target, () => interrupts));
    }

    [Fact]
    public async Task ResetUnlocksAndClosesTheTrayWithoutEvents()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        BlockDrive cd = target.Drives[2];
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        await client.ExecuteAsync("""{"execute": "blockdev-open-tray", "arguments": {"device": "ide1-cd0"}}""");
        await target.Machine.GuestAsync(() => cd.Tray!.GuestSetLocked(true));
        List<JsonObject> events = new();
        await client.ExecuteAsync("""{"execute": "system_reset"}""", events);
        Assert.Equal("RESET", Assert.Single(events)["event"]!.GetValue<string>());
        Assert.True(await OnMachine(target, () => !cd.IsTrayOpen && !cd.IsMediumLocked && cd.HasMedium));
    }

    private static async Task<T> OnMachine<T>(EmuTarget target, Func<T> read)
    {
        T value = default!;
        await target.Machine.InvokeAsync(() => value = read());
        return value;
    }

    private static string Desc(JsonObject reply) => reply["error"]?["desc"]?.GetValue<string>() ?? "no error: " + reply.ToJsonString();
}
