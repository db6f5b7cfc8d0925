using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Emu.Monitor.Tests.Nbd;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// How long an NBD export lives, with <c>emu</c> and <c>qemu-system-i386</c> run side by side
/// through the same QMP conversation (spec nbd.md 8.1): at quit and on SIGTERM every export is
/// deleted after SHUTDOWN and before EOF; an export made from a drive goes when the drive loses
/// its medium; one made by node name outlives the drive's eject and keeps serving the old image.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class NbdExportLifetimeProcessTests
{
    [Theory]
    [InlineData("quit")]
    [InlineData("TERM")]
    public async Task ExportsAreDeletedAfterShutdownAndBeforeEofAsInQemu(string ending)
    {
        using TempDirectory dir = new();
        string raw = Path.Combine(dir.Path, "disk.img");
        QemuImg.Run("create", "-q", "-f", "raw", raw, "4M");

        async Task<string> RunAsync(Func<string, string[], MonitoredEmu> start)
        {
            string quitting = Path.Combine(dir.Path, "a.sock");
            string watching = Path.Combine(dir.Path, "b.sock");
            using MonitoredEmu emulator = start(dir.Path, [
                "-machine", "pc", "-nodefaults", "-display", "none", "-S",
                "-drive", $"file={raw},format=raw,if=none,id=d0",
                "-qmp", $"unix:{quitting},server=on,wait=off", "-qmp", $"unix:{watching},server=on,wait=off"]);
            await using QmpClient a = await OpenAsync(emulator, quitting);
            await using QmpClient b = await OpenAsync(emulator, watching);
            List<string> transcript = [];
            await RecordAsync(a, transcript, StartServer(MonitoredEmu.FreePort()));
            await RecordAsync(a, transcript, "{\"execute\": \"nbd-server-add\", \"arguments\": {\"device\": \"d0\", \"name\": \"first\"}}");
            await RecordAsync(a, transcript, "{\"execute\": \"nbd-server-add\", \"arguments\": {\"device\": \"d0\", \"name\": \"second\"}}");
            if (ending == "quit")
            {
                await RecordAsync(a, transcript, "{\"execute\": \"quit\"}");
            }
            else
            {
                emulator.Signal(ending);
            }

            transcript.Add("-- a, to EOF:");
            await a.ReadToEndAsync();
            transcript.AddRange(a.Events.Select(Normalise));
            transcript.Add("-- b, to EOF:");
            await b.ReadToEndAsync();
            transcript.AddRange(b.Events.Select(Normalise));
            await emulator.WaitForExitAsync();
            return string.Join('\n', transcript);
        }

        string qemu = await RunAsync(MonitoredEmu.StartQemu);
        string emu = await RunAsync(MonitoredEmu.Start);

        Assert.Contains("{\"event\":\"BLOCK_EXPORT_DELETED\",\"data\":{\"id\":\"second\"}}", qemu);
        Assert.Equal(qemu, emu);
    }

    [Fact]
    public async Task ANodeNameExportKeepsServingTheEjectedImageAsInQemu()
    {
        using TempDirectory dir = new();
        string iso = Path.Combine(dir.Path, "cd.iso");
        byte[] contents = new byte[1024 * 1024];
        new Random(7).NextBytes(contents);
        File.WriteAllBytes(iso, contents);

        async Task<string> RunAsync(Func<string, string[], MonitoredEmu> start)
        {
            string socket = Path.Combine(dir.Path, "qmp.sock");
            int port = MonitoredEmu.FreePort();
            using MonitoredEmu emulator = start(dir.Path, [
                "-machine", "pc", "-nodefaults", "-display", "none", "-S",
                "-drive", $"file={iso},format=raw,if=ide,index=2,media=cdrom",
                "-qmp", $"unix:{socket},server=on,wait=off"]);
            await using QmpClient qmp = await OpenAsync(emulator, socket);
            List<string> transcript = [];
            await RecordAsync(qmp, transcript, StartServer(port));
            JsonObject block = await qmp.ExecuteAsync("{\"execute\": \"query-block\"}");
            string node = (string)block["return"]![0]!["inserted"]!["node-name"]!;
            await RecordAsync(qmp, transcript, $"{{\"execute\": \"nbd-server-add\", \"arguments\": {{\"device\": \"{node}\", \"name\": \"cd\"}}}}");
            using NbdRawClient client = new(port);
            client.Open("cd");
            transcript.Add("read before eject: " + ReadMatches(client, contents, 4096));

            await RecordAsync(qmp, transcript, "{\"execute\": \"eject\", \"arguments\": {\"device\": \"ide1-cd0\"}}");
            transcript.Add("connected client after eject: " + ReadMatches(client, contents, 512 * 1024));
            using (NbdRawClient late = new(port))
            {
                late.Open("cd");
                transcript.Add("new client after eject: " + ReadMatches(late, contents, 1024 * 1024 - 4096));
            }

            await RecordAsync(qmp, transcript, "{\"execute\": \"query-block-exports\"}");
            await RecordAsync(qmp, transcript, "{\"execute\": \"nbd-server-remove\", \"arguments\": {\"name\": \"cd\"}}");
            client.Dispose();
            await WaitUntilRemovedAsync(qmp, transcript);
            await RecordAsync(qmp, transcript, "{\"execute\": \"query-block-exports\"}");
            await RecordAsync(qmp, transcript, "{\"execute\": \"quit\"}");
            await emulator.WaitForExitAsync();
            return string.Join('\n', transcript);
        }

        string qemu = await RunAsync(MonitoredEmu.StartQemu);
        string emu = await RunAsync(MonitoredEmu.Start);

        Assert.Contains("connected client after eject: same", qemu);
        Assert.Contains("still in use", qemu);
        Assert.Equal(qemu, emu);
    }

    [Fact]
    public async Task ADriveExportGoesWithTheDrivesMediumAsInQemu()
    {
        using TempDirectory dir = new();
        string iso = Path.Combine(dir.Path, "cd.iso");
        string other = Path.Combine(dir.Path, "cd2.iso");
        byte[] contents = new byte[1024 * 1024];
        new Random(11).NextBytes(contents);
        File.WriteAllBytes(iso, contents);
        File.WriteAllBytes(other, new byte[512 * 1024]);

        async Task<string> RunAsync(Func<string, string[], MonitoredEmu> start)
        {
            string socket = Path.Combine(dir.Path, "qmp.sock");
            int port = MonitoredEmu.FreePort();
            using MonitoredEmu emulator = start(dir.Path, [
                "-machine", "pc", "-nodefaults", "-display", "none", "-S",
                "-drive", $"file={iso},format=raw,if=ide,index=2,media=cdrom",
                "-qmp", $"unix:{socket},server=on,wait=off"]);
            await using QmpClient qmp = await OpenAsync(emulator, socket);
            List<string> transcript = [];
            await RecordAsync(qmp, transcript, StartServer(port));
            await RecordAsync(qmp, transcript, "{\"execute\": \"nbd-server-add\", \"arguments\": {\"device\": \"ide1-cd0\", \"name\": \"cd\"}}");
            using NbdRawClient client = new(port);
            client.Open("cd");

            // An open tray keeps the medium inserted, so the export stays.
            await RecordAsync(qmp, transcript, "{\"execute\": \"blockdev-open-tray\", \"arguments\": {\"device\": \"ide1-cd0\"}}");
            transcript.Add("read with the tray open: " + ReadMatches(client, contents, 8192));
            await RecordAsync(qmp, transcript, "{\"execute\": \"blockdev-close-tray\", \"arguments\": {\"device\": \"ide1-cd0\"}}");

            await RecordAsync(qmp, transcript, "{\"execute\": \"eject\", \"arguments\": {\"device\": \"ide1-cd0\"}}");
            transcript.Add("client closed by the server after eject: " + client.IsClosedByServer());
            await RecordAsync(qmp, transcript, "{\"execute\": \"query-block-exports\"}");
            await RecordAsync(qmp, transcript, $"{{\"execute\": \"blockdev-change-medium\", \"arguments\": {{\"device\": \"ide1-cd0\", \"filename\": \"{other}\", \"format\": \"raw\"}}}}");
            await RecordAsync(qmp, transcript, "{\"execute\": \"query-block-exports\"}");
            await RecordAsync(qmp, transcript, "{\"execute\": \"nbd-server-remove\", \"arguments\": {\"name\": \"cd\"}}");
            await RecordAsync(qmp, transcript, "{\"execute\": \"quit\"}");
            await emulator.WaitForExitAsync();
            return string.Join('\n', transcript);
        }

        string qemu = await RunAsync(MonitoredEmu.StartQemu);
        string emu = await RunAsync(MonitoredEmu.Start);

        Assert.Contains("client closed by the server after eject: True", qemu);
        Assert.Contains("Export \\u0027cd\\u0027 is not found", qemu);
        Assert.Equal(qemu, emu);
    }

    private static string StartServer(int port) =>
        $"{{\"execute\": \"nbd-server-start\", \"arguments\": {{\"addr\": {{\"type\": \"inet\", \"data\": {{\"host\": \"127.0.0.1\", \"port\": \"{port}\"}}}}}}}}";

    private static async Task<QmpClient> OpenAsync(MonitoredEmu emulator, string socket)
    {
        QmpClient client = await emulator.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        return client;
    }

    /// <summary>Runs a command; the events before its reply and the reply go to the transcript, in order.</summary>
    private static async Task RecordAsync(QmpClient client, List<string> transcript, string request)
    {
        JsonObject reply = await client.ExecuteAsync(request);
        transcript.AddRange(client.Events.Select(Normalise));
        client.Events.Clear();
        transcript.Add(Normalise(reply));
    }

    /// <summary>Safe removal retried while the server still counts the closed client (it notices the EOF asynchronously).</summary>
    private static async Task WaitUntilRemovedAsync(QmpClient client, List<string> transcript)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            JsonObject reply = await client.ExecuteAsync("{\"execute\": \"nbd-server-remove\", \"arguments\": {\"name\": \"cd\"}}");
            if (reply.ContainsKey("return"))
            {
                transcript.AddRange(client.Events.Select(Normalise));
                client.Events.Clear();
                transcript.Add(Normalise(reply));
                return;
            }

            await Task.Delay(50);
        }

        transcript.Add("export never became removable");
    }

    private static string ReadMatches(NbdRawClient client, byte[] contents, int offset)
    {
        client.SendRequest(0, 0, 1, (ulong)offset, 512);
        NbdRawReply reply = client.ReadReply();
        if (reply.Type != 1)
        {
            return $"reply type {reply.Type}, errno {reply.Errno}";
        }

        return reply.Payload.AsSpan(8).SequenceEqual(contents.AsSpan(offset, 512)) ? "same" : "different";
    }

    private static string Normalise(JsonObject message)
    {
        message.Remove("timestamp");
        return NodeName().Replace(message.ToJsonString(), "#block");
    }

    [GeneratedRegex("#block[0-9]+")]
    private static partial Regex NodeName();
}
