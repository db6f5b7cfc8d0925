using System.Text.Json.Nodes;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>Internal snapshots made through QMP are real qcow2 snapshots: qemu-img lists them and checks the image clean.</summary>
public sealed class SnapshotPersistenceTests
{
    [Fact]
    public async Task SnapshotsMadeOverQmpAreListedByQemuImgAndTheImageChecksClean()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        string disk = Path.Combine(target.WorkDirectory, "disk.qcow2");
        await using (QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint))
        {
            Assert.True((await client.ExecuteAsync("""{"execute": "blockdev-snapshot-internal-sync", "arguments": {"device": "ide0-hd0", "name": "snap1"}}""")).ContainsKey("return"));
            Assert.True((await client.ExecuteAsync("""{"execute": "transaction", "arguments": {"actions": [{"type": "blockdev-snapshot-internal-sync", "data": {"device": "ide0-hd0", "name": "tx1"}}, {"type": "blockdev-snapshot-internal-sync", "data": {"device": "ide0-hd1", "name": "tx2"}}]}}""")).ContainsKey("error"));
            Assert.True((await client.ExecuteAsync("""{"execute": "transaction", "arguments": {"actions": [{"type": "blockdev-snapshot-internal-sync", "data": {"device": "ide0-hd0", "name": "ok1"}}, {"type": "blockdev-snapshot-internal-sync", "data": {"device": "ide0-hd0", "name": "ok2"}}]}}""")).ContainsKey("return"));
            JsonObject deleted = await client.ExecuteAsync("""{"execute": "blockdev-snapshot-delete-internal-sync", "arguments": {"device": "ide0-hd0", "name": "ok1"}}""");
            Assert.Equal("2", deleted["return"]!["id"]!.GetValue<string>());
            await client.ExecuteAsync("""{"execute": "quit"}""");
        }

        await target.Exited.WaitAsync(QmpTestClient.Timeout);
        await target.StopAsync();

        string list = Tools.Run("qemu-img", "snapshot", "-l", disk);
        Assert.Contains("snap1", list, StringComparison.Ordinal);
        Assert.Contains("ok2", list, StringComparison.Ordinal);
        Assert.DoesNotContain("ok1", list, StringComparison.Ordinal);
        Assert.DoesNotContain("tx1", list, StringComparison.Ordinal);
        AssertChecksClean(disk);

        Tools.Run("qemu-img", "snapshot", "-d", "snap1", disk);
        Assert.DoesNotContain("snap1", Tools.Run("qemu-img", "snapshot", "-l", disk), StringComparison.Ordinal);
        AssertChecksClean(disk);
    }

    [Fact]
    public async Task DeleteOverQmpRemovesTheSnapshotFromTheImage()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        string disk = Path.Combine(target.WorkDirectory, "disk.qcow2");
        await using (QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint))
        {
            await client.ExecuteAsync("""{"execute": "blockdev-snapshot-internal-sync", "arguments": {"device": "ide0-hd0", "name": "gone"}}""");
            await client.ExecuteAsync("""{"execute": "blockdev-snapshot-internal-sync", "arguments": {"device": "ide0-hd0", "name": "kept"}}""");
            JsonObject deleted = await client.ExecuteAsync("""{"execute": "blockdev-snapshot-delete-internal-sync", "arguments": {"device": "ide0-hd0", "id": "1"}}""");
            Assert.Equal("gone", deleted["return"]!["name"]!.GetValue<string>());
        }

        await target.StopAsync();
        string list = Tools.Run("qemu-img", "snapshot", "-l", disk);
        Assert.DoesNotContain("gone", list, StringComparison.Ordinal);
        Assert.Contains("kept", list, StringComparison.Ordinal);
        AssertChecksClean(disk);
    }

    private static void AssertChecksClean(string disk)
    {
        JsonObject check = JsonNode.Parse(Tools.Run("qemu-img", "check", "--output=json", disk))!.AsObject();
        Assert.Equal(0, check["check-errors"]!.GetValue<int>());
        Assert.Null(check["corruptions"]);
        Assert.Null(check["leaks"]);
    }
}
