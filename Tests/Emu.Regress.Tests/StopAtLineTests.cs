namespace Emu.Regress.Tests;

/// <summary>
/// An expectation with "stop": emu stops the VM at the line (--stop-at-line), the QMP steps see it
/// stopped, the runner continues it, and the run stays deterministic through the steps.
/// </summary>
public sealed class StopAtLineTests
{
    [Fact]
    public void TheStepsRunWhileTheGuestStandsStillAtTheLineAndTheRunStaysDeterministic()
    {
        using RegressRun run = new();
        string manifest = run.Write("stop.json", $$"""
            {
              "images": { "hello": { "path": "{{RegressRun.Hello}}" } },
              "cases": [
                { "name": "hello-stopped", "options": ["-drive", "file=${hello},format=raw,if=floppy"],
                  "expect": [ { "serial": "^EMU-HELLO$", "stop": true, "instructions": 10000000, "qmp": [
                    { "execute": "query-status", "reply": { "running": false, "status": "paused" } }
                  ] } ] }
              ]
            }
            """);

        int status = run.Run(manifest, "--check-determinism", "-j", "2");

        Assert.True(status == 0, run.Output + run.Errors);
        Assert.Contains("determinism: 1 of 1 cases gave identical serial lines and instruction counts, 0 differed", run.Output);
        string transcript = File.ReadAllText(Path.Combine(run.OutDir, "hello-stopped", "qmp.log"));
        int stop = transcript.IndexOf("\"event\": \"STOP\"", StringComparison.Ordinal);
        int query = transcript.IndexOf("query-status", StringComparison.Ordinal);
        int resume = transcript.LastIndexOf("\"event\": \"RESUME\"", StringComparison.Ordinal);
        Assert.True(stop >= 0 && stop < query && query < resume, transcript);
        string command = File.ReadAllText(Path.Combine(run.OutDir, "hello-stopped", "command.txt"));
        Assert.Contains("--stop-at-line 'com1:^EMU-HELLO$'", command);
        Assert.Contains("-rtc base=2025-01-01T00:00:00", command);
    }
}
