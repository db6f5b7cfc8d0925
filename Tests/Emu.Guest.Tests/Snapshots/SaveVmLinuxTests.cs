using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Emu.Guest.Tests.Monitor;

namespace Emu.Guest.Tests.Snapshots;

/// <summary>
/// Whole-machine snapshots of a running Linux guest: <c>savevm</c> (HMP through
/// human-monitor-command, as libvirt sends it) right after EMU-BOOT-OK, then a new process with
/// <c>-loadvm</c> continues the guest from there: the kernel does not boot again, the rest of the
/// test script runs (reads the disks, writes the scratch disk, EMU-TEST-DONE) and both images stay
/// clean for <c>qemu-img check</c>. A <c>kill -9</c> during a savevm leaves the images valid.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SaveVmLinuxTests
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(25);

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public async Task LoadvmContinuesTheGuestWhereSavevmLeftIt()
    {
        using TempDirectory dir = new();
        string disk = GuestImages.CopyTo("linux-hd.qcow2", dir.Path);
        string scratch = MakeScratch(dir.Path);
        string[] drives = ["-drive", $"file={disk},format=qcow2,if=ide,index=0", "-drive", $"file={scratch},format=qcow2,if=ide,index=1"];

        string firstLog = await SaveAtBootOkAsync(dir.Path, drives);
        Assert.Contains("\nEMU-BOOT-OK ", firstLog);
        Assert.DoesNotContain("EMU-MD5", firstLog);
        AssertClean(disk);
        AssertClean(scratch);
        Assert.Matches(@"\n\d+\s+boot-ok\s+\d+(\.\d+)? MiB ", QemuImg.Run("snapshot", "-l", disk));
        Assert.Matches(@"\n\d+\s+boot-ok\s+0 B ", QemuImg.Run("snapshot", "-l", scratch));

        EmuProcess.Result resumed = EmuProcess.Run(dir.Path, BootLimit, ["-machine", "pc", "-m", "128", "-display", "none", "-serial", "stdio", "-no-reboot", .. drives, "-loadvm", "boot-ok"]);
        Assert.True(resumed.ExitCode == 0, $"emu -loadvm exited {resumed.ExitCode}: {resumed.StandardError}\nCOM1:\n{resumed.Output}");
        Assert.DoesNotContain("Linux version", resumed.Output);
        Assert.DoesNotContain("EMU-BOOT-OK", resumed.Output);
        Assert.Contains(LinuxGuest.ExpectedLine("EMU-MD5 sda "), resumed.Output);
        Assert.Contains("\nEMU-WROTE sdb offset=1048576 bytes=1048576 md5=", resumed.Output);
        Assert.Contains("\nEMU-TEST-DONE", resumed.Output);
        AssertClean(disk);
        AssertClean(scratch);

        // The guest's write reached the image, and the snapshot still holds the disk as it was.
        string written = Path.Combine(dir.Path, "written.raw");
        QemuImg.Run("convert", "-f", "qcow2", "-O", "raw", scratch, written);
        Assert.StartsWith("EMU-WRITE-PATTERN\n", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(written), 1 << 20, 64));
        QemuImg.Run("convert", "-f", "qcow2", "-O", "raw", "-l", "snapshot.name=boot-ok", scratch, written);
        Assert.All(File.ReadAllBytes(written).AsSpan(1 << 20, 1 << 20).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public async Task KillDuringSavevmLeavesTheImagesValid()
    {
        using TempDirectory dir = new();
        string disk = GuestImages.CopyTo("linux-hd.qcow2", dir.Path);
        string scratch = MakeScratch(dir.Path);
        string[] drives = ["-drive", $"file={disk},format=qcow2,if=ide,index=0", "-drive", $"file={scratch},format=qcow2,if=ide,index=1"];
        await SaveAtBootOkAsync(dir.Path, drives);

        string socket = Path.Combine(dir.Path, "kill.sock");
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using MonitoredEmu machine = MonitoredEmu.Start(dir.Path, ["-machine", "pc", "-m", "128", "-display", "none", "-S", .. drives, "-loadvm", "boot-ok", "-qmp", $"unix:{socket},server=on,wait=off"]);
            await using (QmpClient client = await machine.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
            {
                await client.ReadAsync();
                await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
                await client.SendAsync($"{{\"execute\": \"human-monitor-command\", \"arguments\": {{\"command-line\": \"savevm again{attempt}\"}}}}");
                await Task.Delay(attempt * 150);
                machine.Signal("KILL");
            }

            // The images stay locked until the killed process is gone (128 + SIGKILL).
            Assert.Equal(137, await machine.WaitForExitAsync());

            foreach (string image in new[] { disk, scratch })
            {
                (int exit, string report) = Check(image);
                Assert.True(exit is 0 or 3, $"qemu-img check {image} exited {exit} after kill {attempt}: {report}");
                Assert.DoesNotContain("\"corruptions\"", report);
            }
        }
    }

    /// <summary>Boots to EMU-BOOT-OK (the VM stops there), saves the machine as boot-ok, checks loadvm's error for a missing name, quits; returns COM1.</summary>
    private static async Task<string> SaveAtBootOkAsync(string directory, string[] drives)
    {
        string log = Path.Combine(directory, "com1-first.log");
        string lines = Path.Combine(directory, "lines.log");
        string socket = Path.Combine(directory, "qmp.sock");
        using MonitoredEmu machine = MonitoredEmu.Start(directory, ["-machine", "pc", "-m", "128", "-display", "none", "-no-reboot", .. drives,
            "-serial", $"file:{log}", "--line-log", lines, "--stop-at-line", "com1:^EMU-BOOT-OK", "-qmp", $"unix:{socket},server=on,wait=off"]);
        await using (QmpClient client = await machine.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            Stopwatch waited = Stopwatch.StartNew();
            while (!client.Events.Any(e => (string?)e["event"] == "STOP"))
            {
                Assert.True(waited.Elapsed < BootLimit, "the guest did not reach EMU-BOOT-OK");
                JsonObject? message = await client.ReadAsync(BootLimit - waited.Elapsed);
                client.Events.Add(message ?? throw new EndOfStreamException($"monitor closed before EMU-BOOT-OK: {machine.StandardError}"));
            }

            Assert.Equal("Error: Snapshot 'boot-ok' does not exist in one or more devices\r\n", await HmpAsync(client, "loadvm boot-ok"));
            Assert.Equal(string.Empty, await HmpAsync(client, "savevm \"boot-ok\""));
            Assert.Contains("boot-ok", await HmpAsync(client, "info snapshots"));
            await client.ExecuteAsync("{\"execute\": \"quit\"}");
            await client.ReadToEndAsync();
        }

        Assert.Equal(0, await machine.WaitForExitAsync());
        return File.ReadAllText(log);
    }

    private static async Task<string> HmpAsync(QmpClient client, string command)
    {
        JsonObject reply = await client.ExecuteAsync($"{{\"execute\": \"human-monitor-command\", \"arguments\": {{\"command-line\": {JsonValue.Create(command).ToJsonString()}}}}}");
        return (string?)reply["return"] ?? throw new InvalidOperationException(reply.ToJsonString());
    }

    /// <summary>A 4 MiB qcow2 disk whose sector 0 starts with EMU-SCRATCH, so the guest writes 1 MiB at 1 MiB.</summary>
    private static string MakeScratch(string directory)
    {
        string raw = Path.Combine(directory, "scratch.raw");
        using (FileStream file = File.Create(raw))
        {
            file.SetLength(4 << 20);
            file.Write("EMU-SCRATCH"u8);
        }

        string scratch = Path.Combine(directory, "scratch.qcow2");
        QemuImg.Run("convert", "-f", "raw", "-O", "qcow2", raw, scratch);
        File.Delete(raw);
        return scratch;
    }

    private static void AssertClean(string image)
    {
        (int exit, string report) = Check(image);
        Assert.True(exit == 0, $"qemu-img check {image} exited {exit}: {report}");
        Assert.DoesNotContain("\"leaks\"", report);
        Assert.DoesNotContain("\"corruptions\"", report);
    }

    private static (int Exit, string Report) Check(string image)
    {
        ProcessStartInfo start = new("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "check", "--output=json", image })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
