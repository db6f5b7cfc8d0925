using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Emu.Guest.Tests.Monitor;

namespace Emu.Guest.Tests.Window;

/// <summary>
/// The Linux guest in the real SDL window under Xvfb, as a user starts it (<c>emu -hda
/// linux-hd.img</c> with $DISPLAY set): once it prints EMU-BOOT-OK, and paused with QMP
/// <c>stop</c> so both see one frame, the window's xwd screenshot equals screendump's pixels.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LinuxWindowTests
{
    /// <summary>A hang guard for the Linux boot on a loaded machine (it takes minutes there).</summary>
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(25);

    /// <summary>How long the window may take to show the paused frame.</summary>
    private static readonly TimeSpan FrameLimit = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Tier", "Window")]
    [Trait("Tier", "SlowGuest")]
    public async Task TheWindowShowsScreendumpsPixelsOnceLinuxHasBooted()
    {
        using TempDirectory dir = new();
        using Xvfb x = await Xvfb.StartAsync();
        string disk = GuestImages.CopyTo("linux-hd.img", dir.Path);
        string serial = Path.Combine(dir.Path, "com1.txt");
        string socket = Path.Combine(dir.Path, "qmp.sock");
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, new Dictionary<string, string> { ["DISPLAY"] = x.Display },
            "-name", "linux", "-hda", disk, "-serial", $"file:{serial}", "-qmp", $"unix:{socket},server=on,wait=off");
        await using QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        await WaitForAsync(() => Task.FromResult(Serial(serial).Contains("\nEMU-BOOT-OK ", StringComparison.Ordinal)), emu, BootLimit, "EMU-BOOT-OK on COM1");

        Assert.False((await client.ExecuteAsync("{\"execute\": \"stop\"}")).ContainsKey("error"));
        string window = Encoding.ASCII.GetString(await x.RunAsync("xdotool", "search", "--sync", "--name", "^Emu \\(linux\\)")).Trim();
        string shot = Path.Combine(dir.Path, "shot.ppm");
        JsonObject reply = await client.ExecuteAsync($"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{shot}\"}}}}");
        Assert.False(reply.ContainsKey("error"), reply.ToJsonString());
        (int Width, int Height, uint[] Pixels) dump = XwdImage.ReadPpm(File.ReadAllBytes(shot));
        Assert.Contains(dump.Pixels, p => p != 0);

        // The window catches up with the paused frame within a frame or so.
        await WaitForAsync(async () => Same(dump, XwdImage.Read(await x.RunAsync("xwd", "-id", window, "-silent"))), emu, FrameLimit, "the window to show screendump's pixels");

        await client.ExecuteAsync("{\"execute\": \"quit\"}");
        await client.ReadToEndAsync();
        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    private static string Serial(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

    private static bool Same((int Width, int Height, uint[] Pixels) a, (int Width, int Height, uint[] Pixels) b) =>
        a.Width == b.Width && a.Height == b.Height && a.Pixels.AsSpan().SequenceEqual(b.Pixels);

    private static async Task WaitForAsync(Func<Task<bool>> done, MonitoredEmu emu, TimeSpan limit, string what)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(!emu.HasExited && waited.Elapsed < limit, $"no {what} (stderr: {emu.StandardError})");
            await Task.Delay(200);
        }
    }
}
