namespace Emu.Regress.Tests;

/// <summary>--shard K/N slices the selection so that the shards together run every case exactly once.</summary>
public sealed class ShardTests
{
    [Fact]
    public void TwoShardsRunEveryCaseExactlyOnce()
    {
        using RegressRun run = new();
        string manifest = run.Write("five.json", $$"""
            {
              "images": { "hello": { "path": "{{RegressRun.Hello}}" } },
              "cases": [
                {{string.Join(",\n", Enumerable.Range(1, 5).Select(i =>
                    $$"""{ "name": "hello-{{i}}", "tags": ["t{{i % 2}}"], "options": ["-drive", "file=${hello},format=raw,if=floppy"], "expect": [ { "serial": "^EMU-HELLO$", "instructions": 10000000 } ] }"""))}}
              ]
            }
            """);

        List<string> ran = [];
        foreach (string shard in (string[])["1/2", "2/2"])
        {
            Assert.Equal(0, run.Run(manifest, "--shard", shard, "-j", "2", "--junit", run.JUnit));
            ran.AddRange(run.ReadJUnit().Descendants("testcase").Select(t => t.Attribute("name")!.Value));
        }

        Assert.Equal(["hello-1", "hello-2", "hello-3", "hello-4", "hello-5"], ran.Order());
    }

    [Fact]
    public void FilterTagsAndRepeatSelectBeforeSharding()
    {
        using RegressRun run = new();
        string manifest = run.Write("tags.json", $$"""
            {
              "cases": [
                { "name": "alpha", "tags": ["fast"], "options": [], "expect": [ { "serial": "x" } ] },
                { "name": "beta", "tags": ["slow"], "options": [], "expect": [ { "serial": "x" } ] },
                { "name": "gamma", "tags": ["fast", "slow"], "options": [], "expect": [ { "serial": "x" } ] }
              ]
            }
            """);

        Assert.Equal(0, run.Run(manifest, "--list", "--tags", "fast", "--repeat", "2", "--shard", "2/2"));
        Assert.Equal(["gamma.1", "gamma.2"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(0, run.Run(manifest, "--list", "--filter", "^(beta|gamma)$"));
        Assert.Equal(["beta", "gamma"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
