using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The QMP commands libvirt 9.0 sends that Emu learned for it (issue 16), asked of emu and of
/// qemu-system-i386 started with the same command line in libvirt's own shape (JSON -blockdev,
/// objects, -device isa-serial, -audiodev): success replies and errors must be identical,
/// member order included. Lists whose order is a QEMU hash table's (qom-list) are compared
/// sorted; that is the only normalisation.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LibvirtQmpComparisonTests
{
    private static readonly string[] Script =
    [
        """{"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "events", "state": true}]}}""",
        """{"execute": "query-migrate-capabilities"}""",
        """{"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "nope", "state": true}]}}""",
        """{"execute": "qom-list", "arguments": {"path": "/machine/peripheral"}}""",
        """{"execute": "qom-list", "arguments": {"path": "/nope"}}""",
        """{"execute": "device-list-properties", "arguments": {"typename": "no-such-device"}}""",
        """{"execute": "device-list-properties", "arguments": {"typename": "ide-device"}}""",
        """{"execute": "qom-list-properties", "arguments": {"typename": "nope"}}""",
        """{"execute": "qom-list-types", "arguments": {"implements": "nope"}}""",
        """{"execute": "qom-list-types", "arguments": {"implements": "ide-device"}}""",
        """{"execute": "query-command-line-options", "arguments": {"option": "rtc"}}""",
        """{"execute": "query-command-line-options", "arguments": {"option": "msg"}}""",
        """{"execute": "query-command-line-options", "arguments": {"option": "overcommit"}}""",
        """{"execute": "query-command-line-options", "arguments": {"option": "mon"}}""",
        """{"execute": "query-command-line-options", "arguments": {"option": "nope"}}""",

        // libvirt's CD change (virsh change-media --eject, then --insert) and the errors around it.
        """{"execute": "blockdev-open-tray", "arguments": {"id": "ide0-1-0", "force": false}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "libvirt-1-format"}}""",
        """{"execute": "blockdev-remove-medium", "arguments": {"id": "ide0-1-0"}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "libvirt-1-storage"}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "libvirt-1-format"}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "libvirt-1-storage"}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "libvirt-1-storage"}}""",
        """{"execute": "blockdev-add", "arguments": {"driver": "nope", "node-name": "x"}}""",
        """{"execute": "blockdev-add", "arguments": {"driver": "file", "filename": "WORK/none.iso", "node-name": "x"}}""",
        """{"execute": "blockdev-add", "arguments": {"driver": "raw", "node-name": "x", "file": "missing"}}""",
        """{"execute": "blockdev-add", "arguments": {"driver": "file", "filename": "WORK/cd2.iso"}}""",
        """{"execute": "blockdev-add", "arguments": {"driver": "file", "filename": "WORK/cd2.iso", "node-name": "libvirt-4-storage", "auto-read-only": true, "discard": "unmap"}}""",
        """{"execute": "blockdev-add", "arguments": {"driver": "file", "filename": "WORK/cd2.iso", "node-name": "libvirt-4-storage"}}""",
        """{"execute": "blockdev-add", "arguments": {"node-name": "libvirt-4-format", "read-only": true, "driver": "raw", "file": "libvirt-4-storage"}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "libvirt-4-storage"}}""",
        """{"execute": "blockdev-insert-medium", "arguments": {"id": "nodev", "node-name": "libvirt-4-format"}}""",
        """{"execute": "blockdev-insert-medium", "arguments": {"id": "ide0-1-0", "node-name": "missing"}}""",
        """{"execute": "blockdev-insert-medium", "arguments": {"id": "ide0-1-0", "node-name": "libvirt-4-format"}}""",
        """{"execute": "blockdev-insert-medium", "arguments": {"id": "ide0-1-0", "node-name": "libvirt-4-format"}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "libvirt-4-format"}}""",
        """{"execute": "blockdev-close-tray", "arguments": {"id": "ide0-1-0"}}""",
        """{"execute": "blockdev-add", "arguments": {"driver": "raw", "node-name": "nested", "read-only": true, "file": {"driver": "file", "filename": "WORK/cd2.iso"}}}""",
        """{"execute": "blockdev-del", "arguments": {"node-name": "nested"}}""",
    ];

    [Fact]
    public async Task LibvirtsCommandsGetQemusRepliesAndErrors()
    {
        List<string> emu = await RunAsync(MonitoredEmu.Start);
        List<string> qemu = await RunAsync(MonitoredEmu.StartQemu);
        List<string> differences = [.. Enumerable.Range(0, Script.Length).Where(i => qemu[i] != emu[i]).Select(i => $"{Script[i]}\n qemu: {qemu[i]}\n emu:  {emu[i]}")];
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>libvirt's command line for a domain with an IDE CD and a serial log file (tests/qemuxml2argvdata shape).</summary>
    private static async Task<List<string>> RunAsync(Func<string, string[], MonitoredEmu> start)
    {
        using TempDirectory dir = new();
        string socket = dir.File("qmp.sock");
        File.WriteAllBytes(dir.File("key"), new byte[32]);
        File.WriteAllBytes(dir.File("cd.iso"), new byte[1 << 20]);
        File.WriteAllBytes(dir.File("cd2.iso"), new byte[1 << 20]);
        string[] args =
        [
            "-name", "guest=cmp,debug-threads=on", "-S",
            "-object", $"secret,id=masterKey0,format=raw,file={dir.File("key")}",
            "-machine", "pc-i440fx-7.2,usb=off,dump-guest-core=off,memory-backend=pc.ram", "-accel", "tcg", "-cpu", "qemu32",
            "-m", "64", "-object", "memory-backend-ram,id=pc.ram,size=67108864", "-overcommit", "mem-lock=off",
            "-smp", "1,sockets=1,cores=1,threads=1", "-display", "none", "-no-user-config", "-nodefaults",
            "-qmp", $"unix:{socket},server=on,wait=off", "-rtc", "base=utc", "-no-shutdown", "-boot", "strict=on",
            "-blockdev", $$"""{"driver":"file","filename":"{{dir.File("cd.iso")}}","node-name":"libvirt-1-storage","auto-read-only":true,"discard":"unmap"}""",
            "-blockdev", """{"node-name":"libvirt-1-format","read-only":true,"driver":"raw","file":"libvirt-1-storage"}""",
            "-device", "ide-cd,bus=ide.1,unit=0,drive=libvirt-1-format,id=ide0-1-0",
            "-chardev", $"file,id=charserial0,path={dir.File("serial.log")},append=on",
            "-device", "isa-serial,chardev=charserial0,id=serial0,index=0",
            "-audiodev", """{"id":"audio1","driver":"none"}""", "-msg", "timestamp=on",
        ];
        using MonitoredEmu process = start(dir.Path, args);
        List<string> replies = [];
        await using QmpClient client = await process.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        foreach (string command in Script)
        {
            JsonObject reply = await client.ExecuteAsync(command.Replace("WORK", dir.Path, StringComparison.Ordinal));
            reply.Remove("id");
            if (reply["return"] is JsonArray list && command.Contains("\"qom-", StringComparison.Ordinal))
            {
                reply["return"] = new JsonArray([.. list.Select(e => e!.ToJsonString()).Order(StringComparer.Ordinal).Select(e => JsonNode.Parse(e))]);
            }

            replies.Add(reply.ToJsonString().Replace(dir.Path, "WORK", StringComparison.Ordinal));
        }

        return replies;
    }
}
