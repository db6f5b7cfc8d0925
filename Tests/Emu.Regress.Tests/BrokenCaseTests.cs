using System.Xml.Linq;

namespace Emu.Regress.Tests;

/// <summary>Broken cases fail with the reason and the COM1 tail in the JUnit message, and leave their artifacts.</summary>
public sealed class BrokenCaseTests
{
    [Fact]
    public void AMissingMarkerADifferingQmpReplyAndAKernelPanicEachFailWithTheirArtifacts()
    {
        using RegressRun run = new();
        string panic = run.Floppy("panic");
        string manifest = run.Write("broken.json", $$"""
            {
              "images": {
                "hello": { "path": "{{RegressRun.Hello}}" },
                "panic": { "path": "{{panic}}" }
              },
              "cases": [
                { "name": "marker-never-comes", "options": ["-drive", "file=${hello},format=raw,if=floppy"],
                  "expect": [ { "serial": "^EMU-HELLO$" }, { "serial": "NEVER-PRINTED", "seconds": 3 } ] },
                { "name": "qmp-reply-differs", "options": ["-drive", "file=${hello},format=raw,if=floppy"],
                  "expect": [ { "serial": "^EMU-HELLO$", "qmp": [ { "execute": "query-status", "reply": { "status": "paused" } } ] } ] },
                { "name": "kernel-panic", "options": ["-drive", "file=${panic},format=raw,if=floppy"],
                  "forbid": ["Kernel panic"],
                  "expect": [ { "serial": "^EMU-PANIC-GUEST$" }, { "serial": "^NEVER-PRINTED$", "seconds": 60 } ] }
              ]
            }
            """);

        int status = run.Run(manifest, "-j", "2", "--junit", run.JUnit);

        Assert.Equal(1, status);
        XElement root = run.ReadJUnit();
        Assert.Equal("3", root.Attribute("tests")!.Value);
        Assert.Equal("3", root.Attribute("failures")!.Value);
        Dictionary<string, string> messages = root.Descendants("testcase").ToDictionary(
            t => t.Attribute("name")!.Value,
            t => t.Element("failure")!.Attribute("message")!.Value);
        Assert.StartsWith("serial /NEVER-PRINTED/ did not appear within 3 s", messages["marker-never-comes"]);
        Assert.Contains("--- COM1 (last lines) ---\nEMU-HELLO", messages["marker-never-comes"]);
        Assert.StartsWith("QMP query-status: the reply {\"status\": \"running\"", messages["qmp-reply-differs"]);
        Assert.Contains("EMU-HELLO", messages["qmp-reply-differs"]);
        Assert.StartsWith("a forbidden line (/Kernel panic/) on com1", messages["kernel-panic"]);
        Assert.Contains("Kernel panic - not syncing: emu regress test", messages["kernel-panic"]);

        foreach (string name in messages.Keys)
        {
            string folder = Path.Combine(run.OutDir, name);
            Assert.Contains("EMU-", File.ReadAllText(Path.Combine(folder, "serial.log")));
            Assert.Contains("\"execute\":\"screendump\"", File.ReadAllText(Path.Combine(folder, "qmp.log")));
            byte[] png = File.ReadAllBytes(Path.Combine(folder, "screen.png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            string command = File.ReadAllText(Path.Combine(folder, "command.txt"));
            Assert.Contains("-qmp unix:", command);
            Assert.Contains("--line-log lines.log", command);
            Assert.Contains($"[[ATTACHMENT|{Path.Combine(folder, "screen.png")}]]", root.Descendants("testcase").Single(t => t.Attribute("name")!.Value == name).Element("system-out")!.Value);
        }
    }

    [Fact]
    public void AnInstructionDeadlineIsJudgedOnTheGuestsOwnCount()
    {
        using RegressRun run = new();
        string manifest = run.Write("deadline.json", $$"""
            {
              "images": { "hello": { "path": "{{RegressRun.Hello}}" } },
              "cases": [
                { "name": "too-soon", "options": ["-drive", "file=${hello},format=raw,if=floppy"],
                  "expect": [ { "serial": "^EMU-HELLO$", "instructions": 100 } ] }
              ]
            }
            """);

        int status = run.Run(manifest, "--junit", run.JUnit);

        Assert.Equal(1, status);
        string message = run.ReadJUnit().Descendants("failure").Single().Attribute("message")!.Value;
        Assert.StartsWith("serial /^EMU-HELLO$/ did not appear within 100 instructions", message);
    }
}
