using System.Net.Sockets;
using System.Text.Json.Nodes;
using Emu.Monitor.Tests.Nbd;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// How long an NBD export lives, with <c>emu</c> and <c>qemu-system-i386</c> run side by side
/// through the same QMP conversation (spec nbd.md 8.1): at quit and on SIGTERM every export is
/// deleted after SHUTDOWN and before EOF; an export made from a drive goes when the drive loses
/// its medium; one made by node name outlives the drive's eject and keeps serving the old image.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class NbdExportLifetimeProcessTests
{
    [Theory]
    [InlineData("quit")]
    [InlineData("TERM")]
    public async Task ExportsAreDeletedAfterShutdownAndBeforeEofAsInQemu(string ending)
    {
        using TempDirectory dir = new();
        string raw = dir.File("disk.img");
        QemuImg.Run("create", "-q", "-f", "raw", raw, "4M");
        string watching = dir.File("watch.sock");

        (string qemu, string emu) = await SideBySideAsync(
            dir.Path,
            ["-drive", $"file={raw},format=raw,if=none,id=d0", "-qmp", $"unix:{watching},server=on,wait=off"],
            async session =>
            {
                await using QmpClient watcher = await OpenAsync(session.Emulator, watching);
                await session.RecordAsync(StartServer(session.Port));
                await session.RecordAsync(AddExport("d0", "first"));
                await session.RecordAsync(AddExport("d0", "second"));
                if (ending == "quit")
                {
                    await session.RecordAsync(Command("quit"));
                }
                else
                {
                    session.Emulator.Signal(ending);
                }

                await session.RecordToEndAsync(session.Qmp, "the monitor that asked");
                await session.RecordToEndAsync(watcher, "another monitor");
            });

        Assert.Contains("{\"event\":\"BLOCK_EXPORT_DELETED\",\"data\":{\"id\":\"second\"}}", qemu);
        Assert.Equal(qemu, emu);
    }

    [Fact]
    public async Task ANodeNameExportKeepsServingTheEjectedImageAsInQemu()
    {
        using TempDirectory dir = new();
        byte[] contents = RandomImage(dir.File("cd.iso"), seed: 7);

        (string qemu, string emu) = await SideBySideAsync(
            dir.Path,
            ["-drive", $"file={dir.File("cd.iso")},format=raw,if=ide,index=2,media=cdrom"],
            async session =>
            {
                await session.RecordAsync(StartServer(session.Port));
                JsonObject block = await session.Qmp.ExecuteAsync(Command("query-block"));
                await session.RecordAsync(AddExport((string)block["return"]![0]!["inserted"]!["node-name"]!, "cd"));
                using NbdRawClient client = new(session.Port);
                client.Open("cd");
                session.Note("read before eject: " + ReadMatches(client, contents, 4096));

                await session.RecordAsync(Command("eject", "\"device\": \"ide1-cd0\""));
                session.Note("connected client after eject: " + ReadMatches(client, contents, 512 * 1024));
                using (NbdRawClient late = new(session.Port))
                {
                    late.Open("cd");
                    session.Note("new client after eject: " + ReadMatches(late, contents, 1024 * 1024 - 4096));
                }

                await session.RecordAsync(Command("query-block-exports"));
                await session.RecordAsync(Command("nbd-server-remove", "\"name\": \"cd\""));
                client.Dispose();
                await RemoveOnceUnusedAsync(session);
                await session.RecordAsync(Command("query-block-exports"));
                await session.RecordAsync(Command("quit"));
            });

        Assert.Contains("connected client after eject: same", qemu);
        Assert.Contains("still in use", qemu);
        Assert.Equal(qemu, emu);
    }

    [Fact]
    public async Task ADriveExportGoesWithTheDrivesMediumAsInQemu()
    {
        using TempDirectory dir = new();
        byte[] contents = RandomImage(dir.File("cd.iso"), seed: 11);
        string other = dir.File("cd2.iso");
        File.WriteAllBytes(other, new byte[512 * 1024]);

        (string qemu, string emu) = await SideBySideAsync(
            dir.Path,
            ["-drive", $"file={dir.File("cd.iso")},format=raw,if=ide,index=2,media=cdrom"],
            async session =>
            {
                await session.RecordAsync(StartServer(session.Port));
                await session.RecordAsync(AddExport("ide1-cd0", "cd"));
                using NbdRawClient client = new(session.Port);
                client.Open("cd");

                // An open tray keeps the medium inserted, so the export stays.
                await session.RecordAsync(Command("blockdev-open-tray", "\"device\": \"ide1-cd0\""));
                session.Note("read with the tray open: " + ReadMatches(client, contents, 8192));
                await session.RecordAsync(Command("blockdev-close-tray", "\"device\": \"ide1-cd0\""));

                await session.RecordAsync(Command("eject", "\"device\": \"ide1-cd0\""));
                session.Note("client closed by the server after eject: " + client.IsClosedByServer());
                await session.RecordAsync(Command("query-block-exports"));
                await session.RecordAsync(Command("blockdev-change-medium", $"\"device\": \"ide1-cd0\", \"filename\": \"{other}\", \"format\": \"raw\""));
                await session.RecordAsync(Command("query-block-exports"));
                await session.RecordAsync(Command("nbd-server-remove", "\"name\": \"cd\""));
                await session.RecordAsync(Command("quit"));
            });

        Assert.Contains("client closed by the server after eject: True", qemu);
        Assert.Contains("Export \\u0027cd\\u0027 is not found", qemu);
        Assert.Equal(qemu, emu);
    }

    /// <summary>
    /// Runs one conversation with qemu-system-i386 and then with emu, each started stopped with
    /// the same arguments and a QMP socket, and returns both transcripts.
    /// </summary>
    private static async Task<(string Qemu, string Emu)> SideBySideAsync(string directory, string[] arguments, Func<Conversation, Task> converse)
    {
        async Task<string> RunAsync(Func<string, string[], MonitoredEmu> start)
        {
            string socket = Path.Combine(directory, "qmp.sock");
            using MonitoredEmu emulator = start(directory, [
                "-machine", "pc", "-nodefaults", "-display", "none", "-S",
                "-qmp", $"unix:{socket},server=on,wait=off", .. arguments]);
            await using QmpClient qmp = await OpenAsync(emulator, socket);
            Conversation session = new(emulator, qmp, MonitoredEmu.FreePort());
            await converse(session);
            await emulator.WaitForExitAsync();
            return string.Join('\n', session.Transcript);
        }

        return (await RunAsync(MonitoredEmu.StartQemu), await RunAsync(MonitoredEmu.Start));
    }

    private static string Command(string name, string? arguments = null) =>
        arguments is null ? $"{{\"execute\": \"{name}\"}}" : $"{{\"execute\": \"{name}\", \"arguments\": {{{arguments}}}}}";

    private static string StartServer(int port) =>
        Command("nbd-server-start", $"\"addr\": {{\"type\": \"inet\", \"data\": {{\"host\": \"127.0.0.1\", \"port\": \"{port}\"}}}}");

    private static string AddExport(string device, string name) =>
        Command("nbd-server-add", $"\"device\": \"{device}\", \"name\": \"{name}\"");

    private static byte[] RandomImage(string path, int seed)
    {
        byte[] contents = new byte[1024 * 1024];
        new Random(seed).NextBytes(contents);
        File.WriteAllBytes(path, contents);
        return contents;
    }

    private static async Task<QmpClient> OpenAsync(MonitoredEmu emulator, string socket)
    {
        QmpClient client = await emulator.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        return client;
    }

    /// <summary>Safe removal retried while the server still counts the closed client (it notices the EOF asynchronously).</summary>
    private static async Task RemoveOnceUnusedAsync(Conversation session)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            JsonObject reply = await session.Qmp.ExecuteAsync(Command("nbd-server-remove", "\"name\": \"cd\""));
            if (reply.ContainsKey("return"))
            {
                session.Record(reply);
                return;
            }

            session.Qmp.Events.Clear();
            await Task.Delay(50);
        }

        session.Note("export never became removable");
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
}
