namespace Emu.Regress.Tests;

/// <summary>--check-determinism and golden serial logs on the deterministic clock.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void TwoRunsAgreeAndTheGoldenSerialLogIsWrittenThenCompared()
    {
        using RegressRun run = new();
        string golden = Path.Combine(run.Folder, "golden", "hello.serial");
        string manifest = run.Write("golden.json", $$"""
            {
              "images": { "hello": { "path": "{{RegressRun.Hello}}" } },
              "cases": [
                { "name": "hello", "options": ["-drive", "file=${hello},format=raw,if=floppy"],
                  "expect": [ { "serial": "^EMU-HELLO$", "instructions": 10000000 } ],
                  "golden": { "serial": "golden/hello.serial" } }
              ]
            }
            """);

        Assert.Equal(1, run.Run(manifest));
        Assert.Contains("the golden file", run.Output);

        Assert.Equal(0, run.Run(manifest, "--update-golden"));
        Assert.Equal("EMU-HELLO\n", File.ReadAllText(golden));

        Assert.Equal(0, run.Run(manifest, "--check-determinism", "-j", "2"));
        Assert.Contains("determinism: 1 of 1 cases gave identical serial lines and instruction counts, 0 differed", run.Output);

        File.WriteAllText(golden, "EMU-GOODBYE\n");
        Assert.Equal(1, run.Run(manifest));
        Assert.Contains("differs from the golden file", run.Output);
    }
}
