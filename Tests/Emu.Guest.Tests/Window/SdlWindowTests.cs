using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Emu.Guest.Tests.Monitor;

namespace Emu.Guest.Tests.Window;

/// <summary>
/// The real SDL window under Xvfb: emu started with $DISPLAY and no display option opens a window
/// titled "Emu (NAME)" whose pixels (xwd) equal screendump's; keys typed with xdotool reach
/// firmware/tests/ps2echo.asm through the PS/2 keyboard; a click grabs the pointer, and then
/// motion and buttons reach it through the PS/2 mouse; Ctrl+Alt+G lets go without sending the G;
/// asking the window to close ends the run with SHUTDOWN host-ui and exit status 0.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SdlWindowTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Tier", "Window")]
    public async Task WindowShowsTheScreenTakesKeysAndMouseAndClosesWithHostUi()
    {
        using TempDirectory dir = new();
        using Xvfb x = await Xvfb.StartAsync();
        byte[] floppy = new byte[1_474_560];
        GuestImages.TestProgram("ps2echo").CopyTo(floppy, 0);
        string image = Path.Combine(dir.Path, "ps2echo.img");
        File.WriteAllBytes(image, floppy);
        string serial = Path.Combine(dir.Path, "com1.txt");
        string socket = Path.Combine(dir.Path, "qmp.sock");
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, new Dictionary<string, string> { ["DISPLAY"] = x.Display },
            "-name", "win", "-m", "32", "-boot", "a", "-drive", $"file={image},format=raw,if=floppy",
            "-serial", $"file:{serial}", "-qmp", $"unix:{socket},server=on,wait=off");
        await using QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        await WaitForAsync(() => Serial(serial).Contains("READY\nMFA\n", StringComparison.Ordinal), emu, "READY on COM1");

        string window = Encoding.ASCII.GetString(await x.RunAsync("xdotool", "search", "--sync", "--name", "^Emu \\(win\\)$")).Trim();
        ulong windowId = ulong.Parse(window, CultureInfo.InvariantCulture);

        // The window shows what screendump writes (it catches up within a frame or so).
        string shot = Path.Combine(dir.Path, "shot.ppm");
        Assert.False((await client.ExecuteAsync($"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{shot}\"}}}}")).ContainsKey("error"));
        (int Width, int Height, uint[] Pixels) dump = XwdImage.ReadPpm(File.ReadAllBytes(shot));
        Assert.Contains(dump.Pixels, p => p != 0);
        await WaitForAsync(async () => Same(dump, XwdImage.Read(await x.RunAsync("xwd", "-id", window, "-silent"))), emu, "the window to show screendump's picture");

        // Keys: "hi" and Enter, make and break in set 1 (translated by the i8042).
        await x.RunAsync("xdotool", "windowfocus", "--sync", window);
        await x.RunAsync("xdotool", "type", "--delay", "40", "hi");
        await x.RunAsync("xdotool", "key", "Return");
        await WaitForAsync(() => Serial(serial).Contains("K23\nKA3\nK17\nK97\nK1C\nK9C\n", StringComparison.Ordinal), emu, "the typed keys on COM1");

        // A click grabs (and is not sent); then motion and the right button are.
        await x.RunAsync("xdotool", "mousemove", "--window", window, "100", "100", "click", "1");
        await WaitForAsync(async () => (await Title(x, window)).EndsWith(" - Press Ctrl-Alt-G to exit grab", StringComparison.Ordinal), emu, "the grab in the title");
        int mouseBefore = MouseBytes(Serial(serial)).Count;
        await x.RunAsync("xdotool", "mousemove_relative", "--sync", "20", "10");
        await x.RunAsync("xdotool", "click", "3");
        await WaitForAsync(() => Packets(MouseBytes(Serial(serial))[mouseBefore..]).Any(p => p.Buttons == 0x02), emu, "the right button");
        await WaitForAsync(() => Packets(MouseBytes(Serial(serial))[mouseBefore..]).LastOrDefault().Buttons == 0 && Packets(MouseBytes(Serial(serial))[mouseBefore..]).Count >= 3, emu, "the right button's release");
        List<(int Buttons, int Dx, int Dy)> packets = Packets(MouseBytes(Serial(serial))[mouseBefore..]);
        Assert.Equal(20, packets.Sum(p => p.Dx));
        Assert.Equal(-10, packets.Sum(p => p.Dy)); // PS/2 counts up, X counts down
        Assert.DoesNotContain(packets, p => (p.Buttons & 0x01) != 0);

        // Ctrl+Alt+G lets go of the pointer; the guest sees Ctrl and Alt but not the G.
        int keysBefore = Serial(serial).Length;
        await x.RunAsync("xdotool", "key", "ctrl+alt+g");
        await WaitForAsync(async () => await Title(x, window) == "Emu (win)", emu, "the grab to end");
        await WaitForAsync(() => Serial(serial)[keysBefore..].Contains("KB8\n", StringComparison.Ordinal), emu, "Alt's release");
        Assert.DoesNotContain("K22\n", Serial(serial)[keysBefore..], StringComparison.Ordinal);

        // Closing the window (WM_DELETE_WINDOW, as a window manager sends) ends the run.
        X11Close.RequestClose(x.Display, windowId);
        await client.ReadToEndAsync();
        Assert.Contains(client.Events, e => (string?)e["event"] == "SHUTDOWN" && e["data"]!.ToJsonString() == "{\"guest\":false,\"reason\":\"host-ui\"}");
        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    [Theory]
    [InlineData("-display", "none")]
    [InlineData("-nographic", null)]
    public async Task HeadlessRunsNeverLoadSdlEvenWithADisplaySet(string option, string? value)
    {
        using TempDirectory dir = new();
        string socket = Path.Combine(dir.Path, "qmp.sock");
        string[] args = value is null ? [option] : [option, value];
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, new Dictionary<string, string> { ["DISPLAY"] = ":424242" },
            [.. args, "-S", "-qmp", $"unix:{socket},server=on,wait=off"]);
        await using QmpClient client = await emu.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        await client.ExecuteAsync("{\"execute\": \"cont\"}");
        await client.ExecuteAsync("{\"execute\": \"query-status\"}");

        string maps = await File.ReadAllTextAsync($"/proc/{emu.Id}/maps");
        Assert.Contains("libcoreclr", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("libSDL2", maps, StringComparison.Ordinal);
        await client.ExecuteAsync("{\"execute\": \"quit\"}");
        Assert.Equal(0, await emu.WaitForExitAsync());
    }

    [Fact]
    public async Task ADisplayThatCannotBeOpenedEndsTheRunWithAnError()
    {
        using TempDirectory dir = new();
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, new Dictionary<string, string> { ["DISPLAY"] = ":424242" }, "-m", "32");

        Assert.Equal(1, await emu.WaitForExitAsync());
        Assert.Contains("emu: could not initialize SDL", emu.StandardError, StringComparison.Ordinal);
    }

    private static string Serial(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

    private static async Task<string> Title(Xvfb x, string window) =>
        Encoding.UTF8.GetString(await x.RunAsync("xdotool", "getwindowname", window)).TrimEnd('\n');

    private static bool Same((int Width, int Height, uint[] Pixels) a, (int Width, int Height, uint[] Pixels) b) =>
        a.Width == b.Width && a.Height == b.Height && a.Pixels.AsSpan().SequenceEqual(b.Pixels);

    private static List<byte> MouseBytes(string text) =>
        text.Split('\n').Where(l => l.Length == 3 && l[0] == 'M').Skip(1) // FAh, the answer to F4h
            .Select(l => byte.Parse(l.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();

    /// <summary>3-byte stream packets: buttons, and the 9-bit deltas with their sign bits from the first byte.</summary>
    private static List<(int Buttons, int Dx, int Dy)> Packets(List<byte> bytes)
    {
        List<(int, int, int)> packets = [];
        for (int i = 0; i + 2 < bytes.Count; i += 3)
        {
            byte head = bytes[i];
            int dx = (head & 0x10) != 0 ? bytes[i + 1] - 256 : bytes[i + 1];
            int dy = (head & 0x20) != 0 ? bytes[i + 2] - 256 : bytes[i + 2];
            packets.Add((head & 0x07, dx, dy));
        }

        return packets;
    }

    private static Task WaitForAsync(Func<bool> done, MonitoredEmu emu, string what) => WaitForAsync(() => Task.FromResult(done()), emu, what);

    private static async Task WaitForAsync(Func<Task<bool>> done, MonitoredEmu emu, string what)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(!emu.HasExited && waited.Elapsed < Limit, $"no {what} (stderr: {emu.StandardError})");
            await Task.Delay(50);
        }
    }
}
