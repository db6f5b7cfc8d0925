using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The <c>emu</c> program exporting a disk that a guest device holds (spec nbd.md §8): a writable
/// export is a permission conflict unless the device was given <c>share-rw=on</c>, and then a
/// write through the export lands in the image.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class NbdShareRwProcessTests
{
    [Fact]
    public async Task WritableExportOfAHeldDiskIsRefusedWithoutShareRw()
    {
        using TempDirectory dir = new();
        string raw = Path.Combine(dir.Path, "disk.img");
        QemuImg.Run("create", "-q", "-f", "raw", raw, "4M");
        await using Session session = await Session.StartAsync(dir.Path, raw, shareRw: false);

        JsonObject add = await session.Client.ExecuteAsync(
            "{\"execute\": \"nbd-server-add\", \"arguments\": {\"device\": \"d0\", \"name\": \"disk\", \"writable\": true}}");

        Assert.Equal("GenericError", (string?)add["error"]!["class"]);
        Assert.StartsWith("Permission conflict on node", (string?)add["error"]!["desc"]);
        JsonObject readOnly = await session.Client.ExecuteAsync(
            "{\"execute\": \"nbd-server-add\", \"arguments\": {\"device\": \"d0\", \"name\": \"disk\"}}");
        Assert.True(readOnly.ContainsKey("return"), readOnly.ToJsonString());
    }

    [Fact]
    public async Task WithShareRwAWriteThroughTheExportLandsInTheImage()
    {
        using TempDirectory dir = new();
        string raw = Path.Combine(dir.Path, "disk.img");
        QemuImg.Run("create", "-q", "-f", "raw", raw, "4M");
        int port;
        await using (Session session = await Session.StartAsync(dir.Path, raw, shareRw: true))
        {
            port = session.Port;
            JsonObject add = await session.Client.ExecuteAsync(
                "{\"execute\": \"nbd-server-add\", \"arguments\": {\"device\": \"d0\", \"name\": \"disk\", \"writable\": true}}");
            Assert.True(add.ContainsKey("return"), add.ToJsonString());

            string written = RunTool("qemu-io", "-f", "raw", $"nbd://127.0.0.1:{port}/disk", "-c", "write -P 0x5a 65536 4096");
            Assert.Contains("wrote 4096/4096 bytes", written);
        }

        byte[] image = File.ReadAllBytes(raw);
        Assert.All(image.AsSpan(65536, 4096).ToArray(), b => Assert.Equal(0x5a, b));
        Assert.Equal(0, image[65536 + 4096]);
    }

    private static string RunTool(string tool, params string[] args)
    {
        ProcessStartInfo start = new(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {output}");
        return output;
    }

    private sealed class Session : IAsyncDisposable
    {
        private readonly MonitoredEmu _emu;

        private Session(MonitoredEmu emu, QmpClient client, int port)
        {
            _emu = emu;
            Client = client;
            Port = port;
        }

        public QmpClient Client { get; }

        public int Port { get; }

        public static async Task<Session> StartAsync(string directory, string image, bool shareRw)
        {
            string socket = Path.Combine(directory, "qmp.sock");
            string device = shareRw ? "ide-hd,drive=d0,id=disk0,share-rw=on" : "ide-hd,drive=d0,id=disk0";
            MonitoredEmu emu = MonitoredEmu.Start(
                directory,
                "-machine", "pc", "-nodefaults", "-display", "none", "-S",
                "-qmp", $"unix:{socket},server=on,wait=off",
                "-drive", $"file={image},format=raw,if=none,id=d0",
                "-device", device);
            QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            int port = MonitoredEmu.FreePort();
            JsonObject start = await client.ExecuteAsync(
                "{\"execute\": \"nbd-server-start\", \"arguments\": {\"addr\": {\"type\": \"inet\", \"data\": {\"host\": \"127.0.0.1\", \"port\": \"" + port + "\"}}}}");
            Assert.True(start.ContainsKey("return"), start.ToJsonString());
            return new Session(emu, client, port);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.ExecuteAsync("{\"execute\": \"quit\"}");
            await Client.ReadToEndAsync();
            await Client.DisposeAsync();
            Assert.Equal(0, await _emu.WaitForExitAsync());
            _emu.Dispose();
        }
    }
}
