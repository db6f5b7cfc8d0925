using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// qom-get, qom-set, device_add and device_del asked of emu and of qemu-system-i386 started with
/// the same machine (an IDE disk and a CD with ids, an ISA debug console with an id): every
/// reply, success or error, must be QEMU's word for word. IDE and ISA take no hotplug in QEMU
/// 7.2, so device_add and device_del end in QEMU's refusals, each after QEMU's earlier checks
/// (driver, bus name, bus type). query-events, which QEMU 7.2 no longer has, is CommandNotFound
/// in both.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class QomAndHotplugComparisonTests
{
    private static readonly string[] Requests =
    [
        """{"execute": "query-events"}""",
        """{"execute": "qom-get", "arguments": {"path": "/", "property": "type"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/", "property": "machine"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "type"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "peripheral"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/", "property": "unattached"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/peripheral", "property": "type"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/peripheral", "property": "cd0"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/peripheral", "property": "con"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/peripheral-anon", "property": "type"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[0]", "property": "type"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[0]", "property": "realized"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[0]", "property": "hotplugged"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[0]", "property": "hotpluggable"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[0]", "property": "nope"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/nope", "property": "type"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine"}}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine", "property": "type", "value": "x"}}""",
        """{"execute": "qom-set", "arguments": {"path": "/", "property": "machine", "value": "/x"}}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine/unattached/device[0]", "property": "hotplugged", "value": true}}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine/unattached/device[0]", "property": "hotpluggable", "value": false}}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine/unattached/device[0]", "property": "realized", "value": true}}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine/unattached/device[0]", "property": "realized", "value": "yes"}}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine/unattached/device[0]", "property": "nope", "value": 1}}""",
        """{"execute": "qom-set", "arguments": {"path": "/nope", "property": "type", "value": 1}}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine", "property": "type"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[0]", "property": "realized"}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-cd"}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-hd", "id": "hd9", "drive": "nope", "unit": 1}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-cd", "bus": "ide.0"}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-hd", "bus": "ide.1", "unit": 1}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-hd", "bus": "nope"}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-hd", "bus": "isa.0"}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-cd", "bus": "pci.0"}}""",
        """{"execute": "device_add", "arguments": {"driver": "isa-debugcon", "bus": "ide.0"}}""",
        """{"execute": "device_add", "arguments": {"driver": "isa-debugcon"}}""",
        """{"execute": "device_add", "arguments": {"driver": "ide-device"}}""",
        """{"execute": "device_add", "arguments": {"driver": "nope"}}""",
        """{"execute": "device_add", "arguments": {"driver": "container"}}""",
        """{"execute": "device_add", "arguments": {"driver": 1}}""",
        """{"execute": "device_add", "arguments": {}}""",
        """{"execute": "device_del", "arguments": {"id": "cd0"}}""",
        """{"execute": "device_del", "arguments": {"id": "hd0"}}""",
        """{"execute": "device_del", "arguments": {"id": "/machine/peripheral/cd0"}}""",
        """{"execute": "device_del", "arguments": {"id": "con"}}""",
        """{"execute": "device_del", "arguments": {"id": "nope"}}""",
        """{"execute": "device_del", "arguments": {"id": "/machine/unattached/device[0]"}}""",
        """{"execute": "device_del", "arguments": {"id": "/machine"}}""",
        """{"execute": "device_del", "arguments": {"id": "/machine/peripheral"}}""",
        """{"execute": "device_del", "arguments": {"id": "/nope"}}""",
        """{"execute": "device_del", "arguments": {}}""",
        """{"execute": "query-block"}""",
    ];

    [Theory]
    [InlineData("pc")]
    [InlineData("isapc")]
    public async Task RepliesAreQemus(string machine)
    {
        List<string> emu = await AskAsync(MonitoredEmu.Start, machine);
        List<string> qemu = await AskAsync(MonitoredEmu.StartQemu, machine);
        Assert.Equal(Requests.Length, emu.Count);
        for (int i = 0; i < Requests.Length; i++)
        {
            Assert.True(qemu[i] == emu[i], $"{Requests[i]}\nqemu: {qemu[i]}\nemu:  {emu[i]}");
        }
    }

    /// <summary>Each request's reply, with the work directory as WORK; query-block keeps only what hotplug could change (which devices exist).</summary>
    private static async Task<List<string>> AskAsync(Func<string, string[], MonitoredEmu> start, string machine)
    {
        using TempDirectory dir = new();
        string socket = dir.File("qmp.sock");
        File.WriteAllBytes(dir.File("disk.img"), new byte[1 << 20]);
        File.WriteAllBytes(dir.File("cd.iso"), new byte[1 << 20]);
        string[] args =
        [
            // qemu32 on isapc too: QEMU's isapc defaults to a 486, Emu has only the qemu32 model.
            "-machine", machine, "-cpu", "qemu32", "-nodefaults", "-display", "none", "-S",
            "-drive", $"file={dir.File("disk.img")},format=raw,if=none,id=disk", "-device", "ide-hd,drive=disk,id=hd0,bus=ide.0,unit=0",
            "-drive", $"file={dir.File("cd.iso")},format=raw,if=none,id=cd,media=cdrom,readonly=on", "-device", "ide-cd,drive=cd,id=cd0,bus=ide.1,unit=0",
            "-chardev", "null,id=n", "-device", "isa-debugcon,chardev=n,id=con",
            "-qmp", $"unix:{socket},server=on,wait=off",
        ];
        using MonitoredEmu process = start(dir.Path, args);
        List<string> replies = [];
        await using (QmpClient client = await process.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            foreach (string request in Requests)
            {
                JsonObject reply = await client.ExecuteAsync(request);
                if (reply["return"] is JsonArray devices && request.Contains("query-block", StringComparison.Ordinal))
                {
                    reply["return"] = new JsonArray([.. devices.Select(d => (JsonNode)$"{d!["device"]} {d["qdev"]}")]);
                }

                replies.Add(reply.ToJsonString().Replace(dir.Path, "WORK", StringComparison.Ordinal));
            }

            await client.ExecuteAsync("{\"execute\": \"quit\"}");
        }

        Assert.Equal(0, await process.WaitForExitAsync());
        return replies;
    }
}
