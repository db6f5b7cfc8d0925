using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// The ACPI power button end to end, side by side with qemu-system-i386 (issue 11, "Power"):
/// firmware/tests/acpi_power.asm finds the FADT, enables ACPI through SMI_CMD, waits for the power
/// button on the SCI and powers off by S5. A QMP client presses the button with system_powerdown.
/// Both machines must print the same report and send the same events: POWERDOWN, then SHUTDOWN
/// (guest-shutdown) and exit 0; under -no-shutdown SHUTDOWN, STOP and query-status "shutdown".
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class AcpiPowerButtonTests
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PowerButtonAndS5MatchQemu()
    {
        (string report, List<string> events, int exit) emu = await RunAsync(qemu: false, noShutdown: false);
        (string report, List<string> events, int exit) qemu = await RunAsync(qemu: true, noShutdown: false);

        Assert.Contains("PASS power-button-status-cleared\n", emu.report, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", emu.report, StringComparison.Ordinal);
        Assert.Equal(qemu.report, emu.report);
        Assert.Equal(["POWERDOWN", "SHUTDOWN {\"guest\":true,\"reason\":\"guest-shutdown\"}"], emu.events);
        Assert.Equal(qemu.events, emu.events);
        Assert.Equal(0, emu.exit);
        Assert.Equal(qemu.exit, emu.exit);
    }

    [Fact]
    public async Task S5UnderNoShutdownPausesInStateShutdownAsQemu()
    {
        (string report, List<string> events, int exit) emu = await RunAsync(qemu: false, noShutdown: true);
        (string report, List<string> events, int exit) qemu = await RunAsync(qemu: true, noShutdown: true);

        Assert.Equal(qemu.report, emu.report);
        Assert.Equal(["POWERDOWN", "SHUTDOWN {\"guest\":true,\"reason\":\"guest-shutdown\"}", "STOP", "status shutdown running False"], emu.events);
        Assert.Equal(qemu.events, emu.events);
    }

    /// <summary>Boots the program, presses the button once it waits, and returns its report, the events (with query-status under -no-shutdown) and the exit code.</summary>
    private static async Task<(string Report, List<string> Events, int Exit)> RunAsync(bool qemu, bool noShutdown)
    {
        using TempDirectory dir = new();
        byte[] floppy = new byte[1_474_560];
        GuestImages.TestProgram("acpi_power").CopyTo(floppy, 0);
        string image = Path.Combine(dir.Path, "acpi_power.img");
        File.WriteAllBytes(image, floppy);
        string log = Path.Combine(dir.Path, "debugcon.txt");
        string socket = Path.Combine(dir.Path, "qmp.sock");
        List<string> args = ["-machine", "pc", "-nodefaults", "-display", "none", "-m", "128", "-boot", "a",
            "-drive", $"file={image},format=raw,if=floppy", "-debugcon", $"file:{log}", "-qmp", $"unix:{socket},server=on,wait=off"];
        if (noShutdown)
        {
            args.Add("-no-shutdown");
        }

        using MonitoredEmu machine = qemu ? MonitoredEmu.StartQemu(dir.Path, [.. args]) : MonitoredEmu.Start(dir.Path, [.. args]);
        List<string> events = [];
        await using (QmpClient client = await machine.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            await WaitForReadyAsync(log, machine);
            await client.ExecuteAsync("{\"execute\": \"system_powerdown\"}");
            if (noShutdown)
            {
                while (!client.Events.Any(e => (string?)e["event"] == "STOP"))
                {
                    client.Events.Add(await client.ReadAsync() ?? throw new EndOfStreamException("monitor closed before STOP"));
                }

                JsonObject status = (await client.ExecuteAsync("{\"execute\": \"query-status\"}"))["return"]!.AsObject();
                events.AddRange(client.Events.Select(Describe));
                events.Add($"status {(string?)status["status"]} running {(bool)status["running"]!}");
                await client.ExecuteAsync("{\"execute\": \"quit\"}");
            }

            await client.ReadToEndAsync();
            if (!noShutdown)
            {
                events.AddRange(client.Events.Select(Describe));
            }
        }

        int exit = await machine.WaitForExitAsync();
        return (File.ReadAllText(log), events, exit);
    }

    private static string Describe(JsonObject e) => e["data"] is { } data ? $"{e["event"]} {data.ToJsonString()}" : (string)e["event"]!;

    private static async Task WaitForReadyAsync(string log, MonitoredEmu machine)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            string text = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
            if (text.Contains("READY\n", StringComparison.Ordinal))
            {
                return;
            }

            Assert.True(!machine.HasExited && waited.Elapsed < ReadyLimit, $"the guest did not wait for the power button: {text} {machine.StandardError}");
            await Task.Delay(50);
        }
    }
}
