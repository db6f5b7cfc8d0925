using System.Text;
using Emu.Core.Cpu;
using Xunit.Abstractions;

namespace Emu.Core.Tests.Cpu;

/// <summary>
/// The SingleStepTests 8086 and 80286 real-mode vectors (../shared/testdata/cpu/README.md), run with
/// the 686 skip and mask rules of skip-686.json. Every case not skipped by a named rule must pass, and
/// each rule must skip exactly the README's number of cases per file.
/// </summary>
public sealed class SingleStepVectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Vectors80286RealMode_AllRunCasesPass_AndSkipCountsMatchTheReadme() => RunSet("80286/v1_real_mode");

    [Fact]
    public void Vectors8086_AllRunCasesPass_AndSkipCountsMatchTheReadme() => RunSet("8086/v1");

    /// <summary>
    /// The 80286 cases under the IL tier, each compiled before it runs. (The 8086 set runs one instruction
    /// per case out of blocks of up to 64 random instructions: compiling one block per case takes over half
    /// an hour on a loaded machine, so it is not run under the IL tier.)
    /// </summary>
    [Fact]
    public void Vectors80286RealMode_UnderTheIlTier_AllRunCasesPass() => RunSet("80286/v1_real_mode", CpuTier.Jit);

    private void RunSet(string set, CpuTier tier = CpuTier.Interp)
    {
        string root = CpuVectorLocator.Find();
        VectorSetRunner runner = new(root, set);
        List<VectorSetRunner.FileResult> results = runner.RunAll(tier: tier);

        StringBuilder table = new();
        table.AppendLine($"{set} ({tier}): file  cases  run  pass  fail  skipped");
        foreach (VectorSetRunner.FileResult r in results)
        {
            string skips = string.Join(" ", r.Skips.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}"));
            table.AppendLine($"{r.File,-6} {r.Cases,5} {r.Run,5} {r.Passed,5} {r.Failed,5}  {skips}");
        }

        Dictionary<string, int> perRule = [];
        foreach (VectorSetRunner.FileResult r in results)
        {
            foreach (KeyValuePair<string, int> kv in r.Skips)
            {
                perRule[kv.Key] = perRule.GetValueOrDefault(kv.Key) + kv.Value;
            }
        }

        int run = results.Sum(r => r.Run);
        int failed = results.Sum(r => r.Failed);
        int cases = results.Sum(r => r.Cases);
        table.AppendLine($"TOTAL cases={cases} run={run} passed={run - failed} failed={failed}");
        foreach (KeyValuePair<string, int> kv in perRule.OrderBy(k => k.Key))
        {
            table.AppendLine($"  skipped by {kv.Key}: {kv.Value}");
        }

        List<string> failures = [.. results.SelectMany(r => r.Failures)];
        foreach (string f in failures.Take(200))
        {
            table.AppendLine("FAIL " + f);
        }

        output.WriteLine(table.ToString());
        Console.WriteLine(table.ToString());

        Assert.Equal(runner.Rules.ExpectedCases, cases);
        Assert.True(failed == 0, $"{failed} of {run} cases failed; first ones:\n{string.Join("\n", failures.Take(40))}");

        Dictionary<(string Rule, string File), int> expectedSkips = new(runner.Rules.ExpectedSkips);
        int extra = 0;
        if (set.StartsWith("8086", StringComparison.Ordinal))
        {
            foreach (KeyValuePair<(string Rule, string File), int> kv in SkipRules686.ExtraSkips8086)
            {
                expectedSkips[kv.Key] = kv.Value;
                extra += kv.Value;
            }
        }

        List<string> mismatches = [];
        foreach (((string rule, string file), int want) in expectedSkips)
        {
            int got = results.FirstOrDefault(r => r.File == file)?.Skips.GetValueOrDefault(rule) ?? 0;
            if (got != want)
            {
                mismatches.Add($"{rule} {file}: skipped {got}, README says {want}");
            }
        }

        foreach (VectorSetRunner.FileResult r in results)
        {
            foreach (KeyValuePair<string, int> kv in r.Skips)
            {
                if (kv.Key != "FILE" && !expectedSkips.ContainsKey((kv.Key, r.File)))
                {
                    mismatches.Add($"{kv.Key} {r.File}: skipped {kv.Value}, README expects none");
                }
            }
        }

        Assert.True(mismatches.Count == 0, "skip counts differ from skip-686.json:\n" + string.Join("\n", mismatches));
        Assert.Equal(runner.Rules.ExpectedSkippedFileCases, perRule.GetValueOrDefault("FILE"));
        Assert.Equal(runner.Rules.ExpectedRun - extra, run);
    }
}
