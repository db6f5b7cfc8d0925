using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Emu.Guest.Tests.Monitor;

namespace Emu.Guest.Tests.Ide;

/// <summary>
/// The guest's own eject (spec nbd.md 8.3, ide-atapi-bios.md B.6): firmware/tests/atapi_eject.asm
/// sends REQUEST SENSE and START STOP UNIT LoEj=1 Start=0 to the secondary master CD-ROM of a
/// machine started with -S. After <c>cont</c> the QMP client sees one DEVICE_TRAY_MOVED (tray-open
/// true) and query-block shows the tray open with the medium still inserted, under Emu as under
/// qemu-system-i386.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class IdeGuestEjectTests
{
    [Fact]
    public async Task GuestEjectOpensTheTrayAndKeepsTheMediumUnderEmuAsUnderQemu()
    {
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, "atapi_eject");
        string cd = IdeMedia.Cd(dir.Path);

        EjectObservation qemu = await ObserveAsync(dir.Path, "qemu", cd, floppy);
        EjectObservation emu = await ObserveAsync(dir.Path, "emu", cd, floppy);

        foreach (EjectObservation seen in new[] { qemu, emu })
        {
            Assert.Contains("VAL start-stop-eject 50 00 03\n", seen.Report);
            Assert.Equal(["RESUME", "DEVICE_TRAY_MOVED"], seen.Events.Select(e => (string)e["event"]!));
            JsonObject data = seen.Events[1]["data"]!.AsObject();
            Assert.Equal("ide1-cd0", (string?)data["device"]);
            Assert.True((bool)data["tray-open"]!);
            JsonObject block = seen.Cdrom;
            Assert.True((bool)block["tray_open"]!);
            Assert.True(block.ContainsKey("inserted"), block.ToJsonString());
            Assert.Equal(Path.GetFileName(cd), Path.GetFileName((string)block["inserted"]!["file"]!));

            // The event names the guest device as query-block does.
            Assert.Equal((string?)block["qdev"], (string?)data["id"]);
        }

        Assert.Equal(qemu.Report, emu.Report);
    }

    [Fact]
    public async Task GuestEjectKeepsTheDrivesNbdExportServingUnderEmuAsUnderQemu()
    {
        // nbd.md 8.3: the export of ide1-cd0 stays, and a client connected before the eject keeps reading.
        using TempDirectory dir = new();
        string floppy = IdeMedia.Floppy(dir.Path, "atapi_eject");
        string cd = IdeMedia.Cd(dir.Path);

        foreach (string program in new[] { "qemu", "emu" })
        {
            EjectObservation seen = await ObserveAsync(dir.Path, program, cd, floppy, export: true);
            Assert.True((bool)seen.Cdrom["tray_open"]!);
            Assert.Equal(["RESUME", "DEVICE_TRAY_MOVED"], seen.Events.Select(e => (string)e["event"]!));
            JsonObject export = Assert.Single(seen.Exports!.Select(e => e!.AsObject()));
            Assert.Equal("cd", (string?)export["id"]);
            Assert.Equal("nbd", (string?)export["type"]);
            Assert.False((bool)export["shutting-down"]!);
            Assert.Equal(2, CountOf(seen.ClientOutput!, "00008000:  01 43 44 30 30 31 01 00  .CD001.."));
        }
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    private static async Task<EjectObservation> ObserveAsync(string directory, string program, string cd, string floppy, bool export = false)
    {
        string socket = Path.Combine(directory, program + ".sock");
        string nbdSocket = Path.Combine(directory, program + "-nbd.sock");
        string debugcon = Path.Combine(directory, program + "-debugcon.txt");
        string[] args = ["-machine", "pc", "-nodefaults", "-display", "none", "-S", "-debugcon", $"file:{debugcon}", "-boot", "a",
            "-drive", $"file={floppy},if=floppy,format=raw,readonly=on",
            "-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom",
            "-qmp", $"unix:{socket},server=on,wait=off"];
        ProcessStartInfo start = program == "emu" ? new("dotnet") : new("qemu-system-i386");
        if (program == "emu")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emu.dll"));
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.WorkingDirectory = directory;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await using QmpClient client = await ConnectAsync(process, socket, stderr);
            await client.ReadAsync(); // greeting
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            using NbdReader? reader = export ? await StartExportAsync(client, nbdSocket) : null;
            await client.ExecuteAsync("{\"execute\": \"cont\"}");
            Stopwatch waited = Stopwatch.StartNew();
            JsonObject cdrom;
            while (true)
            {
                // The state is read after the eject was seen: a query-block from before it could
                // still show the tray closed although the event has arrived since.
                string report = File.Exists(debugcon) ? File.ReadAllText(debugcon) : string.Empty;
                bool ejected = report.EndsWith("DONE\n", StringComparison.Ordinal) && client.Events.Any(e => (string?)e["event"] == "DEVICE_TRAY_MOVED");
                JsonObject reply = await client.ExecuteAsync("{\"execute\": \"query-block\"}");
                cdrom = reply["return"]!.AsArray().Select(b => b!.AsObject()).Single(b => (string?)b["device"] == "ide1-cd0");
                if (ejected)
                {
                    if (reader is null)
                    {
                        return new EjectObservation(report, [.. client.Events], cdrom, null, null);
                    }

                    JsonArray exports = (await client.ExecuteAsync("{\"execute\": \"query-block-exports\"}"))["return"]!.AsArray();
                    string clientOutput = await reader.ReadAgainAndQuitAsync();
                    return new EjectObservation(report, [.. client.Events], cdrom, exports, clientOutput);
                }

                Assert.True(waited.Elapsed < QmpClient.Timeout, $"{program}: no eject seen: {report} {cdrom.ToJsonString()}");
                await Task.Delay(50);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task<QmpClient> ConnectAsync(Process process, string socket, Task<string> stderr)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await QmpClient.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            }
            catch (SocketException) when (!process.HasExited && waited.Elapsed < QmpClient.Timeout)
            {
                await Task.Delay(50);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"no monitor at {socket} (exited: {process.HasExited}, stderr: {(process.HasExited ? stderr.Result : string.Empty)})", e);
            }
        }
    }

    /// <summary>nbd-server-start on a unix socket, the drive exported as "cd", and a qemu-io client that has read block 16 once.</summary>
    private static async Task<NbdReader> StartExportAsync(QmpClient client, string nbdSocket)
    {
        JsonObject started = await client.ExecuteAsync(
            "{\"execute\": \"nbd-server-start\", \"arguments\": {\"addr\": {\"type\": \"unix\", \"data\": {\"path\": \"" + nbdSocket + "\"}}}}");
        Assert.True(started.ContainsKey("return"), started.ToJsonString());
        JsonObject added = await client.ExecuteAsync("{\"execute\": \"nbd-server-add\", \"arguments\": {\"device\": \"ide1-cd0\", \"name\": \"cd\"}}");
        Assert.True(added.ContainsKey("return"), added.ToJsonString());
        NbdReader reader = new(nbdSocket);
        await reader.ReadOnceAsync(1);
        return reader;
    }

    private sealed record EjectObservation(string Report, List<JsonObject> Events, JsonObject Cdrom, JsonArray? Exports, string? ClientOutput);

    /// <summary>An interactive qemu-io connected to the export, reading 8 bytes of block 16 on request.</summary>
    private sealed class NbdReader : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        public NbdReader(string socket)
        {
            ProcessStartInfo start = new("qemu-io")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "-f", "raw", "-r", $"nbd+unix:///cd?socket={socket}" })
            {
                start.ArgumentList.Add(arg);
            }

            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) =>
            {
                lock (_output)
                {
                    _output.Append(e.Data).Append('\n');
                }
            };
            _process.BeginOutputReadLine();
            _process.ErrorDataReceived += (_, e) =>
            {
                lock (_output)
                {
                    _output.Append(e.Data).Append('\n');
                }
            };
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Sends one read and waits until <paramref name="reads"/> reads have completed in total.</summary>
        public async Task ReadOnceAsync(int reads)
        {
            await _process.StandardInput.WriteLineAsync("read -v 32768 8");
            await _process.StandardInput.FlushAsync();
            Stopwatch waited = Stopwatch.StartNew();
            while (CountOf(Output, "read 8/8 bytes at offset 32768") < reads)
            {
                Assert.True(waited.Elapsed < QmpClient.Timeout && !_process.HasExited, $"qemu-io did not read: {Output}");
                await Task.Delay(20);
            }
        }

        /// <summary>The second read after the eject, then quit: qemu-io must end normally.</summary>
        public async Task<string> ReadAgainAndQuitAsync()
        {
            await ReadOnceAsync(2);
            await _process.StandardInput.WriteLineAsync("quit");
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(QmpClient.Timeout);
            Assert.Equal(0, _process.ExitCode);
            return Output;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
