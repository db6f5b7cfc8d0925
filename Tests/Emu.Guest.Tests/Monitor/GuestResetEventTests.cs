using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// What the machine does by itself reaches the monitor as QEMU reports it (spec qmp.md 4): a guest
/// reset is RESET {"guest": true, "reason": "guest-reset"}; under -no-reboot it ends the run with
/// SHUTDOWN carrying the same data, and exit status 0.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class GuestResetEventTests
{
    [Fact]
    public async Task GuestResetIsReportedAndTheMachineKeepsRunning()
    {
        using TempDirectory dir = new();
        string socket = Path.Combine(dir.Path, "qmp.sock");
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, Args(dir.Path, socket));
        await using (QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            await client.ExecuteAsync("{\"execute\": \"cont\"}");
            JsonObject resume = Assert.Single(client.Events);
            Assert.Equal("RESUME", (string?)resume["event"]);

            JsonObject reset = (await client.ReadAsync())!;
            Assert.Equal("RESET", (string?)reset["event"]);
            Assert.Equal("{\"guest\":true,\"reason\":\"guest-reset\"}", reset["data"]!.ToJsonString());

            await client.ExecuteAsync("{\"execute\": \"stop\"}");
            Assert.Equal("paused", (string?)(await client.ExecuteAsync("{\"execute\": \"query-status\"}"))["return"]!["status"]);
            await client.ExecuteAsync("{\"execute\": \"quit\"}");
            await client.ReadToEndAsync();
        }

        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    [Fact]
    public async Task GuestResetUnderNoRebootIsShutdownAndExitsZero()
    {
        using TempDirectory dir = new();
        string socket = Path.Combine(dir.Path, "qmp.sock");
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, [.. Args(dir.Path, socket), "-no-reboot"]);
        await using (QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            await client.ExecuteAsync("{\"execute\": \"cont\"}");
            await client.ReadToEndAsync();

            Assert.Equal(["RESUME", "SHUTDOWN"], client.Events.Select(e => (string)e["event"]!));
            Assert.Equal("{\"guest\":true,\"reason\":\"guest-reset\"}", client.Events[1]["data"]!.ToJsonString());
        }

        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    /// <summary>
    /// A 64 KiB firmware whose reset vector (F000:FFF0) sets the fast-reset bit of port 92h
    /// (PS/2 System Control Port A, bit 0) and halts: each run resets the machine once.
    /// </summary>
    private static string[] Args(string directory, string socket)
    {
        byte[] image = new byte[0x10000];
        byte[] code = [0xB0, 0x01, 0xE6, 0x92, 0xF4, 0xEB, 0xFD];
        code.CopyTo(image, 0xFFF0);
        string firmware = Path.Combine(directory, "reset.bin");
        File.WriteAllBytes(firmware, image);
        return ["-machine", "pc", "-nodefaults", "-display", "none", "-S", "-bios", firmware, "-qmp", $"unix:{socket},server=on,wait=off"];
    }
}
