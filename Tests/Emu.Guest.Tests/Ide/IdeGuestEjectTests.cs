using System.Diagnostics;
using System.Net;
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

    private static async Task<EjectObservation> ObserveAsync(string directory, string program, string cd, string floppy)
    {
        string socket = Path.Combine(directory, program + ".sock");
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
            await client.ExecuteAsync("{\"execute\": \"cont\"}");
            Stopwatch waited = Stopwatch.StartNew();
            JsonObject cdrom;
            while (true)
            {
                JsonObject reply = await client.ExecuteAsync("{\"execute\": \"query-block\"}");
                cdrom = reply["return"]!.AsArray().Select(b => b!.AsObject()).Single(b => (string?)b["device"] == "ide1-cd0");
                string report = File.Exists(debugcon) ? File.ReadAllText(debugcon) : string.Empty;
                if (report.EndsWith("DONE\n", StringComparison.Ordinal) && client.Events.Any(e => (string?)e["event"] == "DEVICE_TRAY_MOVED"))
                {
                    return new EjectObservation(report, [.. client.Events], cdrom);
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

    private sealed record EjectObservation(string Report, List<JsonObject> Events, JsonObject Cdrom);
}
