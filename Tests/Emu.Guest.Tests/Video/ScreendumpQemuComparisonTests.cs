using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Emu.Guest.Tests.Monitor;

namespace Emu.Guest.Tests.Video;

/// <summary>
/// firmware/tests/vga.asm draws one known picture per scene on the standard VGA (mode 13h, mode
/// 12h through the latches, 80x25 text with its own font in plane 2 and the cursor, VBE
/// 640x480x8, 800x600x16 and 1024x768x32 through the linear framebuffer, VBE 800x600x8 through
/// bank switching); the PPM that <c>screendump</c> writes under Emu equals, byte for byte, the
/// one <c>qemu-system-i386 -vga std</c> writes for the same program. The text scene loads its
/// own font, so the glyphs match although the two BIOSes have different fonts. The scenes that set
/// their mode through INT 10h (13h, 12h with BIOS pixels and text, VBE 101h through 4F01h/4F02h)
/// run under SeaBIOS, which runs SeaVGABIOS from the card's ROM BAR on both, and under Emu's
/// built-in BIOS, whose POST runs the same SeaVGABIOS from C0000h (QEMU runs SeaBIOS).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ScreendumpQemuComparisonTests
{
    private const int TextScene = 2;

    /// <summary>QEMU blinks the text cursor every 250 ms; a second dump after half a period shows the other phase.</summary>
    private static readonly TimeSpan CursorHalfPeriod = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan ReadyGuard = TimeSpan.FromMinutes(5);

    public static TheoryData<int, string, int, int> Scenes => new()
    {
        { 0, "mode 13h", 640, 400 },
        { 1, "mode 12h", 640, 480 },
        { TextScene, "80x25 text", 720, 400 },
        { 3, "VBE 640x480x8 LFB", 640, 480 },
        { 4, "VBE 800x600x16 LFB", 800, 600 },
        { 5, "VBE 1024x768x32 LFB, virtual width and offsets", 1024, 768 },
        { 6, "VBE 800x600x8 banked", 800, 600 },
    };

    public static TheoryData<int, string, int, int> BiosScenes => new()
    {
        { 7, "INT 10h mode 13h", 640, 400 },
        { 8, "INT 10h mode 12h, AH=0Ch pixels, AH=0Eh text", 640, 480 },
        { 9, "VBE 4F02h mode 101h", 640, 480 },
    };

    [Theory]
    [MemberData(nameof(Scenes))]
    public Task ScreendumpEqualsQemus(int scene, string what, int width, int height) =>
        CompareAsync(scene, what, width, height, []);

    /// <summary>SeaBIOS takes Emu about 40 s to boot, hence the slow tier.</summary>
    [Theory]
    [Trait("Tier", "SlowGuest")]
    [MemberData(nameof(BiosScenes))]
    public Task ScreendumpAfterAVgaBiosModeSetEqualsQemus(int scene, string what, int width, int height) =>
        CompareAsync(scene, what, width, height, ["-bios", SeaBiosPath]);

    /// <summary>The built-in BIOS runs the card's video ROM at POST: its INT 10h then draws what SeaVGABIOS draws on QEMU.</summary>
    [Theory]
    [MemberData(nameof(BiosScenes))]
    public Task ScreendumpAfterAModeSetUnderTheBuiltInBiosEqualsQemus(int scene, string what, int width, int height) =>
        CompareAsync(scene, what, width, height, []);

    /// <summary>On isapc the card is isa-vga and the built-in BIOS runs the ISA build of SeaVGABIOS (QEMU maps it at C0000h).</summary>
    [Theory]
    [MemberData(nameof(BiosScenes))]
    public Task ScreendumpAfterAModeSetOnIsaVgaUnderTheBuiltInBiosEqualsQemus(int scene, string what, int width, int height) =>
        CompareAsync(scene, what, width, height, [], "isapc");

    private const string SeaBiosPath = "/usr/share/seabios/bios-256k.bin";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>HMP's screendump writes what QMP's does, PNG is a PNG, and bad arguments get QEMU's replies.</summary>
    [Fact]
    public async Task HmpScreendumpPngAndErrorsMatchQemu()
    {
        using TempDirectory dir = new();
        byte[] program = GuestImages.TestProgram("vga");
        string[] qemu = await ConverseAsync(dir.Path, "qemu", program, qemu: true);
        string[] emu = await ConverseAsync(dir.Path, "emu", program, qemu: false);
        Assert.Equal(["{\"return\":{}}", "{\"return\":\"\"}", "{\"return\":{}}"], qemu[..3]);
        Assert.All(qemu[3..7], reply => Assert.StartsWith("{\"error\":", reply));
        Assert.Equal(["hmp = qmp", "png"], qemu[7..]);
        Assert.Equal(qemu, emu);
    }

    private static async Task<string[]> ConverseAsync(string directory, string name, byte[] program, bool qemu)
    {
        List<string> seen = [];
        string qmpFile = Path.Combine(directory, name + "-qmp.ppm");
        string hmpFile = Path.Combine(directory, name + "-hmp.ppm");
        string pngFile = Path.Combine(directory, name + ".png");
        string[] requests =
        [
            $"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{qmpFile}\"}}}}",
            $"{{\"execute\": \"human-monitor-command\", \"arguments\": {{\"command-line\": \"screendump {hmpFile}\"}}}}",
            $"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{pngFile}\", \"format\": \"png\"}}}}",
            $"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{directory}/missing/x.ppm\"}}}}",
            $"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{qmpFile}\", \"head\": 1}}}}",
            $"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{qmpFile}\", \"device\": \"nosuch\"}}}}",
            $"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{qmpFile}\", \"format\": \"bmp\"}}}}",
        ];
        await RunAsync(directory, name, program, 0, qemu, ["-machine", "pc"], async client =>
        {
            foreach (string request in requests)
            {
                JsonObject reply = await client.ExecuteAsync(request);
                seen.Add(reply.ToJsonString().Replace(directory, "DIR", StringComparison.Ordinal).Replace(name + "-", "NAME-", StringComparison.Ordinal));
            }
        });
        seen.Add(File.ReadAllBytes(qmpFile).AsSpan().SequenceEqual(File.ReadAllBytes(hmpFile)) ? "hmp = qmp" : "hmp differs");
        seen.Add(File.ReadAllBytes(pngFile).AsSpan(0, 8).SequenceEqual(PngSignature) ? "png" : "not a png");
        return [.. seen];
    }

    private static async Task CompareAsync(int scene, string what, int width, int height, string[] extra, string machine = "pc")
    {
        using TempDirectory dir = new();
        byte[] program = GuestImages.TestProgram("vga");
        extra = ["-machine", machine, .. extra];
        byte[] emu = await DumpAsync(dir.Path, "emu", program, scene, qemu: false, samples: 1, extra);
        Assert.Equal($"P6\n{width} {height}\n255\n", Header(emu));

        // QEMU's text cursor blinks: one of two dumps half a blink apart shows it as Emu draws it.
        int samples = scene == TextScene ? 2 : 1;
        byte[] qemu = await DumpAsync(dir.Path, "qemu", program, scene, qemu: true, samples, extra, candidate => candidate.AsSpan().SequenceEqual(emu));
        Assert.Equal(Header(qemu), Header(emu));
        int differs = emu.AsSpan().CommonPrefixLength(qemu);
        Assert.True(differs == emu.Length && emu.Length == qemu.Length, $"{what}: the screendumps differ from byte {differs} on");
    }

    private static async Task<byte[]> DumpAsync(string directory, string name, byte[] program, int scene, bool qemu, int samples, string[] extra, Func<byte[], bool>? good = null)
    {
        byte[] dump = [];
        await RunAsync(directory, name, program, scene, qemu, extra, async client =>
        {
            for (int sample = 0; sample < samples; sample++)
            {
                if (sample > 0)
                {
                    await Task.Delay(CursorHalfPeriod);
                }

                string file = Path.Combine(directory, $"{name}-{sample}.ppm");
                JsonObject reply = await client.ExecuteAsync($"{{\"execute\": \"screendump\", \"arguments\": {{\"filename\": \"{file}\"}}}}");
                Assert.True(reply.ContainsKey("return"), $"{name}: {reply.ToJsonString()}");
                dump = File.ReadAllBytes(file);
                if (good is null || good(dump))
                {
                    break;
                }
            }
        });
        return dump;
    }

    /// <summary>Boots vga.asm's <paramref name="scene"/> under QEMU or Emu, waits for READY, runs <paramref name="talk"/> on its QMP monitor, then quits.</summary>
    private static async Task RunAsync(string directory, string name, byte[] program, int scene, bool qemu, string[] extra, Func<QmpClient, Task> talk)
    {
        string floppy = Path.Combine(directory, name + ".img");
        byte[] image = new byte[1_474_560];
        program.CopyTo(image, 0);
        image[514] = (byte)scene; // vga.asm's scene byte
        File.WriteAllBytes(floppy, image);
        string socket = Path.Combine(directory, name + ".sock");
        string[] args =
        [
            "-nodefaults", "-vga", "std", "-display", "none", "-m", "32", "-debugcon", "stdio",
            "-boot", "a", "-drive", $"file={floppy},if=floppy,format=raw",
            "-qmp", $"unix:{socket},server=on,wait=off", .. extra,
        ];
        using MonitoredEmu process = qemu ? MonitoredEmu.StartQemu(directory, args) : MonitoredEmu.Start(directory, args);
        await WaitForReadyAsync(process);
        await using (QmpClient client = await process.ConnectAsync(new UnixDomainSocketEndPoint(socket)))
        {
            await client.ReadAsync();
            await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
            await talk(client);
            await client.ExecuteAsync("{\"execute\": \"quit\"}");
            await client.ReadToEndAsync();
        }

        Assert.Equal(0, await process.WaitForExitAsync());
    }

    /// <summary>Waits for the program's READY line: a hang guard generous enough for SeaBIOS's boot on a loaded machine.</summary>
    private static async Task WaitForReadyAsync(MonitoredEmu process)
    {
        System.Diagnostics.Stopwatch waited = System.Diagnostics.Stopwatch.StartNew();
        while (!process.Output.Contains("READY\n", StringComparison.Ordinal))
        {
            Assert.False(process.HasExited, $"the program ended before READY: {process.Output} {process.StandardError}");
            Assert.True(waited.Elapsed < ReadyGuard, $"no READY within {ReadyGuard}: {process.Output}");
            await Task.Delay(50);
        }
    }

    private static string Header(byte[] ppm)
    {
        int lines = 0;
        int end = 0;
        while (end < ppm.Length && lines < 3)
        {
            if (ppm[end++] == '\n')
            {
                lines++;
            }
        }

        return Encoding.ASCII.GetString(ppm, 0, end);
    }
}
