using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Emu.Devices.Storage;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>The nbd-server-* QMP commands end to end: real clients on the export, QEMU's texts and event order.</summary>
public sealed partial class NbdQmpTests
{
    [Fact]
    public async Task CommandsServeExportsAndReportQemuErrors()
    {
        using ScratchDirectory scratch = new();
        string disk = scratch.PatternedRaw("disk.img", 4 * 1024 * 1024);
        await using EmuMonitorHost emu = new(scratch,
            EmuMonitorHost.Disk("ide0-hd0", DriveInterface.Ide, 0, disk),
            EmuMonitorHost.Cdrom("ide1-cd1", 3, null));
        using QmpTestClient qmp = new(emu.QmpPath);
        int port = QemuReference.FreePort();
        string portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        JsonArray commands = qmp.Execute("query-commands")["return"]!.AsArray();
        foreach (string name in new[] { "nbd-server-start", "nbd-server-add", "nbd-server-remove", "nbd-server-stop" })
        {
            Assert.Contains(commands, c => c!["name"]!.GetValue<string>() == name);
        }

        string schema = qmp.Execute("query-qmp-schema")["return"]!.ToJsonString();
        Assert.Contains("\"BLOCK_EXPORT_DELETED\"", schema);
        Assert.Contains("\"max-connections\"", schema);

        Assert.Equal("NBD server not running", QmpTestClient.Error(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0" })));
        Assert.Equal("NBD server not running", QmpTestClient.Error(qmp.Execute("nbd-server-stop")));
        Assert.Equal("Parameter 'addr.data' is missing", QmpTestClient.Error(qmp.ExecuteRaw(
            $"{{\"execute\": \"nbd-server-start\", \"arguments\": {{\"addr\": {{\"type\": \"inet\", \"host\": \"127.0.0.1\", \"port\": \"{portText}\"}}}}}}")));
        Assert.Equal("Invalid parameter type for 'addr.data.port', expected: string", QmpTestClient.Error(qmp.ExecuteRaw(
            $"{{\"execute\": \"nbd-server-start\", \"arguments\": {{\"addr\": {{\"type\": \"inet\", \"data\": {{\"host\": \"127.0.0.1\", \"port\": {portText}}}}}}}}}")));
        Assert.Equal("Parameter 'type' does not accept value 'tcp'", QmpTestClient.Error(qmp.ExecuteRaw(
            "{\"execute\": \"nbd-server-start\", \"arguments\": {\"addr\": {\"type\": \"tcp\", \"data\": {}}}}")));
        Assert.Equal("No TLS credentials with id 'nosuch'", QmpTestClient.Error(qmp.Execute("nbd-server-start", Start(portText, "nosuch"))));

        Assert.NotNull(qmp.Execute("nbd-server-start", Start(portText))["return"]);
        Assert.Equal("NBD server already running", QmpTestClient.Error(qmp.Execute("nbd-server-start", Start(portText))));
        Assert.Equal("Cannot find device='nope' nor node-name='nope'", QmpTestClient.Error(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "nope" })));
        Assert.Equal("Device 'ide1-cd1' has no medium", QmpTestClient.Error(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide1-cd1" })));
        Assert.Equal("Invalid block export id", QmpTestClient.Error(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0", ["name"] = string.Empty })));
        Assert.Equal("Bitmap 'nobitmap' is not found", QmpTestClient.Error(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0", ["bitmap"] = "nobitmap" })));

        JsonNode before = qmp.Execute("query-block")["return"]!;
        JsonNode infoBefore = qmp.Execute("human-monitor-command", new JsonObject { ["command-line"] = "info block" })["return"]!;
        Assert.NotNull(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0" })["return"]);
        Assert.NotNull(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0", ["name"] = "other", ["description"] = "second name" })["return"]);
        Assert.Equal("Block export id 'ide0-hd0' is already in use", QmpTestClient.Error(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0" })));
        Assert.Equal(before.ToJsonString(), qmp.Execute("query-block")["return"]!.ToJsonString());
        Assert.Equal(infoBefore.ToJsonString(), qmp.Execute("human-monitor-command", new JsonObject { ["command-line"] = "info block" })["return"]!.ToJsonString());

        string node = qmp.Execute("query-block")["return"]![0]!["inserted"]!["node-name"]!.GetValue<string>();
        Assert.Equal(
            $"[{{\"node-name\":\"{node}\",\"shutting-down\":false,\"type\":\"nbd\",\"id\":\"other\"}},{{\"node-name\":\"{node}\",\"shutting-down\":false,\"type\":\"nbd\",\"id\":\"ide0-hd0\"}}]",
            qmp.Execute("query-block-exports")["return"]!.ToJsonString());

        JsonNode list = JsonNode.Parse(ExternalTool.Check("nbdinfo", "--list", "--json", $"nbd://127.0.0.1:{port}/"))!;
        Assert.Equal(new[] { "ide0-hd0", "other" }, list["exports"]!.AsArray().Select(e => e!["export-name"]!.GetValue<string>()));
        string copy = scratch.File("copy.img");
        ExternalTool.Check("nbdcopy", $"nbd://127.0.0.1:{port}/ide0-hd0", copy);
        ExternalTool.Check("qemu-img", "compare", "-f", "raw", "-F", "raw", disk, copy);

        Assert.Equal("Export 'nosuch' is not found", QmpTestClient.Error(qmp.Execute("nbd-server-remove", new JsonObject { ["name"] = "nosuch" })));
        Assert.Equal("Parameter 'mode' does not accept value 'bogus'", QmpTestClient.Error(qmp.Execute("nbd-server-remove", new JsonObject { ["name"] = "other", ["mode"] = "bogus" })));
        qmp.Transcript.Clear();
        Assert.NotNull(qmp.Execute("nbd-server-remove", new JsonObject { ["name"] = "other" })["return"]);
        Assert.Equal(new[] { "{\"event\":\"BLOCK_EXPORT_DELETED\",\"data\":{\"id\":\"other\"}}", "{\"return\":{}}" }, qmp.Transcript);

        using NbdRawClient client = new(port);
        client.Open("ide0-hd0");
        Assert.Equal("export 'ide0-hd0' still in use", QmpTestClient.Error(qmp.Execute("nbd-server-remove", new JsonObject { ["name"] = "ide0-hd0" })));
        client.SendRequest(0, 0, 1, 0, 512);
        Assert.Equal(1, client.ReadReply().Type);

        Assert.NotNull(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0", ["name"] = "third" })["return"]);
        qmp.Transcript.Clear();
        Assert.NotNull(qmp.Execute("nbd-server-stop")["return"]);
        Assert.Equal(new[]
        {
            "{\"event\":\"BLOCK_EXPORT_DELETED\",\"data\":{\"id\":\"ide0-hd0\"}}",
            "{\"event\":\"BLOCK_EXPORT_DELETED\",\"data\":{\"id\":\"third\"}}",
            "{\"return\":{}}",
        }, qmp.Transcript);
        Assert.True(client.IsClosedByServer());
        Assert.Equal("NBD server not running", QmpTestClient.Error(qmp.Execute("nbd-server-stop")));
        Assert.NotNull(qmp.Execute("nbd-server-start", Start(portText))["return"]);
    }

    [Fact]
    public async Task HardRemoveRepliesThenReportsTheDeletion()
    {
        using ScratchDirectory scratch = new();
        await using EmuMonitorHost emu = new(scratch, EmuMonitorHost.Disk("d0", DriveInterface.None, 0, scratch.PatternedRaw("disk.img", 1024 * 1024)));
        using QmpTestClient qmp = new(emu.QmpPath);
        int port = QemuReference.FreePort();
        qmp.Execute("nbd-server-start", Start(port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "d0" });
        using NbdRawClient client = new(port);
        client.Open("d0");

        qmp.Transcript.Clear();
        Assert.NotNull(qmp.Execute("nbd-server-remove", new JsonObject { ["name"] = "d0", ["mode"] = "hard" })["return"]);
        Assert.Equal("d0", qmp.WaitEvent("BLOCK_EXPORT_DELETED")["data"]!["id"]!.GetValue<string>());
        Assert.Equal("{\"return\":{}}", qmp.Transcript[0]);
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public async Task WritableExportOfADiskAGuestDeviceHoldsIsRefusedAsQemuRefusesIt()
    {
        using ScratchDirectory scratch = new();
        string image = scratch.PatternedRaw("disk.img", 1024 * 1024);
        string qemuImage = scratch.File("qemu.img");
        File.Copy(image, qemuImage);
        using QemuReference qemu = new(scratch,
            "-drive", $"file={qemuImage},if=none,id=d0,format=raw", "-device", "ide-hd,drive=d0",
            "-drive", $"file={scratch.PatternedRaw("q2.img", 1024 * 1024)},if=none,id=d1,format=raw", "-device", "ide-hd,drive=d1,share-rw=on",
            "-drive", $"file={scratch.PatternedRaw("q3.img", 1024 * 1024)},if=none,id=d2,format=raw");
        qemu.StartNbd(QemuReference.FreePort());

        BlockDrive held = EmuMonitorHost.Disk("d0", DriveInterface.None, 0, image, deviceShareRw: false);
        BlockDrive shared = EmuMonitorHost.Disk("d1", DriveInterface.None, 1, scratch.PatternedRaw("e2.img", 1024 * 1024), deviceShareRw: true);
        BlockDrive free = EmuMonitorHost.Disk("d2", DriveInterface.None, 2, scratch.PatternedRaw("e3.img", 1024 * 1024));
        await using EmuMonitorHost emu = new(scratch, held, shared, free);
        using QmpTestClient qmp = new(emu.QmpPath);
        int port = QemuReference.FreePort();
        qmp.Execute("nbd-server-start", Start(port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        foreach (string device in new[] { "d0", "d1", "d2" })
        {
            JsonObject arguments = new() { ["device"] = device, ["writable"] = true };
            string expected = Normalise(qemu.AddExport(device, writable: true).ToJsonString());
            string actual = Normalise(qmp.Execute("nbd-server-add", (JsonObject)arguments.DeepClone()).ToJsonString());
            Assert.Equal(expected, actual);
        }

        Assert.Contains("Permission conflict on node", QmpTestClient.Error(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "d0", ["name"] = "again", ["writable"] = true })));
        Assert.NotNull(qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "d0", ["name"] = "ro" })["return"]);
        ExternalTool.Check("qemu-io", "-f", "raw", $"nbd://127.0.0.1:{port}/d1", "-c", "write -P 0x5a 0 64k");
        string check = ExternalTool.Check("qemu-io", "-f", "raw", "-r", $"nbd://127.0.0.1:{port}/d1", "-c", "read -P 0x5a 0 64k");
        Assert.DoesNotContain("Pattern verification failed", check);
    }

    [Fact]
    public async Task EjectDeletesTheExportOfTheDriveAndClosesItsClients()
    {
        using ScratchDirectory scratch = new();
        string iso = scratch.PatternedRaw("cd.iso", 1024 * 1024);
        await using EmuMonitorHost emu = new(scratch,
            EmuMonitorHost.Disk("ide0-hd0", DriveInterface.Ide, 0, scratch.PatternedRaw("disk.img", 1024 * 1024)),
            EmuMonitorHost.Cdrom("ide1-cd0", 2, iso));
        using QmpTestClient qmp = new(emu.QmpPath);
        int port = QemuReference.FreePort();
        qmp.Execute("nbd-server-start", Start(port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide1-cd0", ["name"] = "cd" });
        qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "ide0-hd0" });
        using NbdRawClient cdClient = new(port);
        cdClient.Open("cd");
        using NbdRawClient diskClient = new(port);
        diskClient.Open("ide0-hd0");

        // Opening the tray alone keeps the medium, so the export stays.
        qmp.Execute("blockdev-open-tray", new JsonObject { ["device"] = "ide1-cd0" });
        cdClient.SendRequest(0, 0, 1, 0, 512);
        Assert.Equal(1, cdClient.ReadReply().Type);
        qmp.Execute("blockdev-close-tray", new JsonObject { ["device"] = "ide1-cd0" });

        qmp.Transcript.Clear();
        Assert.NotNull(qmp.Execute("eject", new JsonObject { ["device"] = "ide1-cd0" })["return"]);
        Assert.Equal(3, qmp.Transcript.Count);
        Assert.StartsWith("{\"event\":\"DEVICE_TRAY_MOVED\"", qmp.Transcript[0]);
        Assert.Equal("{\"event\":\"BLOCK_EXPORT_DELETED\",\"data\":{\"id\":\"cd\"}}", qmp.Transcript[1]);
        Assert.True(cdClient.IsClosedByServer());
        Assert.Equal("Export 'cd' is not found", QmpTestClient.Error(qmp.Execute("nbd-server-remove", new JsonObject { ["name"] = "cd" })));
        Assert.DoesNotContain("\"cd\"", qmp.Execute("query-block-exports")["return"]!.ToJsonString());
        Assert.Contains("No such file or directory for export: cd", ExternalTool.Run("nbdinfo", $"nbd://127.0.0.1:{port}/cd").StandardError);

        // The other export and its client are untouched.
        diskClient.SendRequest(0, 0, 2, 0, 512);
        Assert.Equal(1, diskClient.ReadReply().Type);

        // A new medium is not exported.
        qmp.Execute("blockdev-change-medium", new JsonObject { ["device"] = "ide1-cd0", ["filename"] = iso, ["format"] = "raw" });
        Assert.Contains("No such file or directory for export: cd", ExternalTool.Run("nbdinfo", $"nbd://127.0.0.1:{port}/cd").StandardError);
    }

    private static JsonObject Start(string port, string? tlsCreds = null)
    {
        JsonObject arguments = new()
        {
            ["addr"] = new JsonObject
            {
                ["type"] = "inet",
                ["data"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = port },
            },
        };
        if (tlsCreds is not null)
        {
            arguments["tls-creds"] = tlsCreds;
        }

        return arguments;
    }

    private static string Normalise(string reply) => NodeName().Replace(reply, "#block");

    [GeneratedRegex("#block[0-9]+")]
    private static partial Regex NodeName();
}
