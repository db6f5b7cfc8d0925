using System.Xml.Linq;

namespace Emu.Regress.Tests;

/// <summary>
/// A guest that powers off right after its last marker ends emu by itself, so emu's monitor can
/// close while the runner asks for the last screendump (a write to the closed socket fails with
/// EPIPE). The case stands on how emu exited; a stand-in emu makes that moment certain.
/// </summary>
public sealed class EndedByItselfTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AMonitorThatClosesAfterTheMarkerEndsTheCaseOnEmusExitStatus()
    {
        using RegressRun run = new();
        string fake = Path.Combine(run.Folder, "fake-emu");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "FakeEmu", "closes-monitor-then-exits.py"), fake);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string manifest = run.Write("ends.json", """
            {
              "cases": [
                { "name": "powers-off-well", "options": ["--fake-exit", "0"], "expect": [ { "serial": "^EMU-DONE$" } ] },
                { "name": "crashes-after", "options": ["--fake-exit", "3"], "expect": [ { "serial": "^EMU-DONE$" } ] }
              ]
            }
            """);

        int status = run.Run(manifest, "-j", "2", "--emu", fake, "--junit", run.JUnit);

        Assert.Equal(1, status);
        Dictionary<string, string?> failures = run.ReadJUnit().Descendants("testcase").ToDictionary(
            t => t.Attribute("name")!.Value,
            t => t.Element("failure")?.Attribute("message")!.Value);
        Assert.Null(failures["powers-off-well"]);
        Assert.StartsWith("emu exited with status 3 after the last expectation", failures["crashes-after"]);
        Assert.StartsWith("no screendump: emu", File.ReadAllText(Path.Combine(run.OutDir, "powers-off-well", "screen.png.txt")));
    }
}
