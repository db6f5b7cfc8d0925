using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The <c>emu</c> program driven through its QMP monitor as a QEMU user drives qemu-system-i386
/// (spec qmp.md 2.1, 3, 5.5): greeting, negotiation, run states, events, an internal snapshot that
/// qemu-img sees afterwards, quit, and SIGTERM.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class QmpProcessTests
{
    private static readonly string[] Machine = ["-machine", "pc", "-nodefaults", "-display", "none"];

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task SessionRunsStatesEventsSnapshotAndQuitExitsZero(string transport)
    {
        using TempDirectory dir = new();
        string qcow2 = Path.Combine(dir.Path, "disk.qcow2");
        string raw = Path.Combine(dir.Path, "raw.img");
        QemuImg.Run("create", "-q", "-f", "qcow2", qcow2, "16M");
        QemuImg.Run("create", "-q", "-f", "raw", raw, "8M");
        (string spec, EndPoint endpoint) = Endpoint(transport, dir.Path);

        using MonitoredEmu emu = MonitoredEmu.Start(
            dir.Path,
            [.. Machine, "-S", "-qmp", spec,
                "-drive", $"file={qcow2},format=qcow2,if=ide,index=0",
                "-drive", $"file={raw},format=raw,if=ide,index=1"]);
        await using (QmpClient client = await emu.ConnectAsync(endpoint))
        {
            JsonObject greeting = (await client.ReadAsync())!;
            Assert.Equal(7, (int)greeting["QMP"]!["version"]!["qemu"]!["major"]!);
            Assert.Equal(2, (int)greeting["QMP"]!["version"]!["qemu"]!["minor"]!);
            Assert.Equal("[\"oob\"]", greeting["QMP"]!["capabilities"]!.ToJsonString());

            JsonObject early = await client.ExecuteAsync("{\"execute\": \"query-status\"}");
            Assert.Equal("CommandNotFound", (string?)early["error"]!["class"]);
            Assert.Equal("{}", (await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}"))["return"]!.ToJsonString());

            Assert.Equal("prelaunch", await StatusAsync(client));
            await client.ExecuteAsync("{\"execute\": \"cont\"}");
            Assert.Equal("running", await StatusAsync(client));
            await client.ExecuteAsync("{\"execute\": \"stop\"}");
            Assert.Equal("paused", await StatusAsync(client));
            Assert.Equal(["RESUME", "STOP"], EventNames(client));

            JsonObject snapshot = await client.ExecuteAsync(
                "{\"execute\": \"blockdev-snapshot-internal-sync\", \"arguments\": {\"device\": \"ide0-hd0\", \"name\": \"snap1\"}}");
            Assert.True(snapshot.ContainsKey("return"), snapshot.ToJsonString());
            JsonObject onRaw = await client.ExecuteAsync(
                "{\"execute\": \"blockdev-snapshot-internal-sync\", \"arguments\": {\"device\": \"ide0-hd1\", \"name\": \"snap1\"}}");
            Assert.Equal("GenericError", (string?)onRaw["error"]!["class"]);

            client.Events.Clear();
            JsonObject quit = await client.ExecuteAsync("{\"execute\": \"quit\", \"id\": \"bye\"}");
            Assert.Equal("bye", (string?)quit["id"]);
            JsonObject shutdown = Assert.Single(client.Events);
            Assert.Equal("SHUTDOWN", (string?)shutdown["event"]);
            Assert.Equal("{\"guest\":false,\"reason\":\"host-qmp-quit\"}", shutdown["data"]!.ToJsonString());
            await client.ReadToEndAsync();
        }

        Assert.Equal(0, await emu.WaitForExitAsync());
        Assert.Equal(string.Empty, emu.StandardError);
        Assert.Contains("snap1", QemuImg.Run("snapshot", "-l", qcow2));
        Assert.Contains("No errors were found on the image.", QemuImg.Run("check", qcow2));
    }

    [Fact]
    public async Task SigtermSendsHostSignalShutdownAndExitsZero()
    {
        using TempDirectory dir = new();
        string socket = Path.Combine(dir.Path, "qmp.sock");
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, [.. Machine, "-S", "-qmp", $"unix:{socket},server=on,wait=off"]);
        await using QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");

        emu.Signal("TERM");
        await client.ReadToEndAsync();

        JsonObject shutdown = Assert.Single(client.Events);
        Assert.Equal("SHUTDOWN", (string?)shutdown["event"]);
        Assert.Equal("{\"guest\":false,\"reason\":\"host-signal\"}", shutdown["data"]!.ToJsonString());
        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    [Fact]
    public async Task HaltedGuestKeepsRunningUntilQuit()
    {
        using TempDirectory dir = new();
        string image = GuestImages.CopyTo("hello.img", dir.Path);
        string socket = Path.Combine(dir.Path, "qmp.sock");
        using MonitoredEmu emu = MonitoredEmu.Start(
            dir.Path, "-fda", image, "-display", "none", "-serial", "stdio", "-qmp", $"unix:{socket},server=on,wait=off");
        await using (QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");

            // hello.img prints EMU-HELLO on COM1 and then executes cli; hlt, which ends a run without a monitor.
            Stopwatch waited = Stopwatch.StartNew();
            while (!emu.Output.Contains("EMU-HELLO\r\n", StringComparison.Ordinal))
            {
                Assert.False(emu.HasExited, $"emu ended: {emu.StandardError}");
                Assert.True(waited.Elapsed < QmpClient.Timeout, "hello.img printed nothing on COM1");
                await Task.Delay(50);
            }

            Assert.Equal("running", await StatusAsync(client));
            Assert.False(emu.HasExited);
            await client.ExecuteAsync("{\"execute\": \"quit\"}");
            await client.ReadToEndAsync();
        }

        Assert.Equal(0, await emu.WaitForExitAsync());
        Assert.Equal("EMU-HELLO\r\n", emu.Output);
        Assert.DoesNotContain("halted", emu.StandardError);
    }

    [Fact]
    public async Task SocatClientNegotiatesAndQueries()
    {
        using TempDirectory dir = new();
        string socket = Path.Combine(dir.Path, "qmp.sock");
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, [.. Machine, "-S", "-name", "emu-test", "-qmp", $"unix:{socket},server=on,wait=off"]);
        await (await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket))).DisposeAsync();

        ProcessStartInfo start = new("socat", ["-", $"UNIX-CONNECT:{socket}"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        List<string> lines = [];
        using (Process socat = Process.Start(start)!)
        {
            await socat.StandardInput.WriteAsync("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"query-name\"}\n{\"execute\":\"query-status\"}\n");
            await socat.StandardInput.FlushAsync();
            while (lines.Count < 4 && await socat.StandardOutput.ReadLineAsync().WaitAsync(QmpClient.Timeout) is { } line)
            {
                lines.Add(line);
            }

            socat.StandardInput.Close();
            await socat.WaitForExitAsync().WaitAsync(QmpClient.Timeout);
        }

        Assert.Equal(4, lines.Count);
        Assert.StartsWith("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}", lines[0]);
        Assert.Equal("{\"return\": {}}", lines[1]);
        Assert.Equal("{\"return\": {\"name\": \"emu-test\"}}", lines[2]);
        Assert.Equal("{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, \"running\": false}}", lines[3]);

        await using (QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            await client.ExecuteAsync("{\"execute\": \"quit\"}");
            await client.ReadToEndAsync();
        }

        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    [Theory]
    [InlineData("-qmp", "tcp:127.0.0.1:4444,server=on,wait=on")]
    [InlineData("-qmp", "pipe:foo")]
    [InlineData("-mon", "chardev=nothere,mode=control")]
    public void BadMonitorSpecIsOneLineAndExitCode1(string option, string value)
    {
        using TempDirectory dir = new();
        EmuProcess.Result result = EmuProcess.Run(dir.Path, [.. Machine, option, value]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("emu: ", result.StandardError);
        Assert.Contains(value, result.StandardError);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("chardev")]
    [InlineData("qmp-pretty")]
    public async Task PrettyMonitorIndentsLikeQemu(string form)
    {
        using TempDirectory dir = new();
        string socket = Path.Combine(dir.Path, "mon.sock");
        string[] monitor = form == "chardev"
            ? ["-chardev", $"socket,id=mon0,path={socket},server=on,wait=off", "-mon", "chardev=mon0,mode=control,pretty=on"]
            : ["-qmp-pretty", $"unix:{socket},server=on,wait=off"];
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, [.. Machine, "-S", .. monitor]);
        await using (QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            List<string> greeting = await ReadPrettyAsync(client);
            Assert.Equal(["{", "    \"QMP\": {", "        \"version\": {"], greeting.Take(3));
            Assert.Equal(["        \"capabilities\": [", "            \"oob\"", "        ]", "    }", "}"], greeting.TakeLast(5));
            await client.SendAsync("{\"execute\": \"qmp_capabilities\"}\n");
            Assert.Equal(["{", "    \"return\": {", "    }", "}"], await ReadPrettyAsync(client));
            await client.SendAsync("{\"execute\": \"quit\"}\n");
            while (await client.ReadLineAsync() is not null)
            {
            }
        }

        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    private static (string Spec, EndPoint Endpoint) Endpoint(string transport, string directory)
    {
        if (transport == "unix")
        {
            string socket = Path.Combine(directory, "qmp.sock");
            return ($"unix:{socket},server=on,wait=off", new UnixDomainSocketEndPoint(socket));
        }

        int port = MonitoredEmu.FreePort();
        return ($"tcp:127.0.0.1:{port},server=on,wait=off", new IPEndPoint(IPAddress.Loopback, port));
    }

    private static async Task<string?> StatusAsync(QmpClient client) =>
        (string?)(await client.ExecuteAsync("{\"execute\": \"query-status\"}"))["return"]!["status"];

    /// <summary>One pretty-printed message: lines up to the closing brace in column 0.</summary>
    private static async Task<List<string>> ReadPrettyAsync(QmpClient client)
    {
        List<string> lines = [];
        while (await client.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line == "}")
            {
                break;
            }
        }

        return lines;
    }

    private static string[] EventNames(QmpClient client) => [.. client.Events.Select(e => (string)e["event"]!)];
}
