using System.Text.Json.Nodes;
using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>
/// A guest request that failed on a drive reaches every QMP client as QEMU's BLOCK_IO_ERROR
/// (QAPI member order: device, node-name, operation, action, nospace only for ENOSPC, reason).
/// </summary>
public sealed class BlockIoErrorTests
{
    [Fact]
    public async Task FailedRequestsAreReportedAsBlockIoError()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        BlockDrive disk = target.Drives[0];
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        await target.Machine.GuestAsync(() => disk.ReportIoError(write: false, new BlockException(BlockError.Io, "injected")));
        await target.Machine.GuestAsync(() => disk.ReportIoError(write: true, new BlockException(BlockError.NoSpace, "injected")));

        List<JsonObject> events = [];
        await client.ExecuteAsync("""{"execute": "query-status"}""", events);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("BLOCK_IO_ERROR", e["event"]!.GetValue<string>()));
        string node = events[0]["data"]!["node-name"]!.GetValue<string>();
        Assert.StartsWith("#block", node, StringComparison.Ordinal);
        Assert.Equal(
            $$"""{"device":"{{disk.Id}}","node-name":"{{node}}","operation":"read","action":"report","reason":"Input/output error"}""",
            events[0]["data"]!.ToJsonString());
        Assert.Equal(
            $$"""{"device":"{{disk.Id}}","node-name":"{{node}}","operation":"write","action":"stop","nospace":true,"reason":"No space left on device"}""",
            events[1]["data"]!.ToJsonString());
    }
}
