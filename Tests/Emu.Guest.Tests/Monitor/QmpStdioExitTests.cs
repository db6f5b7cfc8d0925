using System.Diagnostics;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// A <c>-qmp stdio</c> monitor whose client keeps the pipe open: <c>quit</c> and SIGTERM end the
/// process at once, as QEMU's do. Standard input's reads cannot be cancelled, so a monitor that
/// waited for the client's next line held the process open until the client closed the pipe.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class QmpStdioExitTests
{
    private static readonly string[] Machine = ["-machine", "pc", "-nodefaults", "-display", "none", "-S", "-qmp", "stdio"];

    /// <summary>Far below the minute a hang guard allows, far above a loaded machine's exit.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task QuitEndsTheProcessWhileTheClientKeepsStdinOpen()
    {
        using TempDirectory dir = new();
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, Machine);
        await emu.WaitForOutputAsync("\"QMP\"");
        await emu.WriteInputAsync("{\"execute\": \"qmp_capabilities\"}\n");
        await emu.WaitForOutputAsync("{\"return\": {}}");

        Stopwatch quit = Stopwatch.StartNew();
        await emu.WriteInputAsync("{\"execute\": \"quit\"}\n");
        Assert.Equal(0, await ExitWithin(emu, quit));
        Assert.EndsWith("\"reason\": \"host-qmp-quit\"}}\r\n{\"return\": {}}\r\n", emu.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigtermEndsTheProcessWhileTheClientKeepsStdinOpen()
    {
        using TempDirectory dir = new();
        using MonitoredEmu emu = MonitoredEmu.Start(dir.Path, Machine);
        await emu.WaitForOutputAsync("\"QMP\"");
        await emu.WriteInputAsync("{\"execute\": \"qmp_capabilities\"}\n");
        await emu.WaitForOutputAsync("{\"return\": {}}");

        Stopwatch term = Stopwatch.StartNew();
        emu.Signal("TERM");
        Assert.Equal(0, await ExitWithin(emu, term));
        Assert.Contains("\"host-signal\"", emu.Output);
    }

    private static async Task<int> ExitWithin(MonitoredEmu emu, Stopwatch since)
    {
        while (!emu.HasExited)
        {
            Assert.True(since.Elapsed < Prompt, $"emu still runs {Prompt.TotalSeconds} s after the request with stdin open; output: {emu.Output}");
            await Task.Delay(20);
        }

        return await emu.WaitForExitAsync();
    }
}
