using System.Globalization;
using Emu.Regress.Running;

namespace Emu.Regress.Reports;

/// <summary>The table printed at the end of a run: one row per case, then the totals and the parallel speed-up.</summary>
public static class SummaryTable
{
    public static void Write(TextWriter output, IReadOnlyList<CaseResult> results, TimeSpan wall)
    {
        int width = Math.Max(4, results.Count == 0 ? 4 : results.Max(r => r.Case.RunName.Length));
        output.WriteLine();
        output.WriteLine($"{"case".PadRight(width)}  result  seconds  startup  instructions  reason");
        foreach (CaseResult r in results)
        {
            string startup = r.Startup is { } s ? s.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Case.RunName.PadRight(width)}  {(r.Outcome == CaseOutcome.Passed ? "PASS" : "FAIL"),-6}  {r.Duration.TotalSeconds,7:0.0}  {startup,7}  {r.LastInstructions,12}  {r.Failure}"));
        }

        double sum = results.Sum(r => r.Duration.TotalSeconds);
        double[] startups = [.. results.Where(r => r.Startup is not null).Select(r => r.Startup!.Value.TotalSeconds)];
        int failed = results.Count(r => r.Outcome == CaseOutcome.Failed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wall {wall.TotalSeconds:0.0} s, sum of cases {sum:0.0} s (x{(wall.TotalSeconds > 0 ? sum / wall.TotalSeconds : 0):0.00}), startup max {(startups.Length > 0 ? startups.Max() : 0):0.00} s"));
        output.WriteLine($"regress: {results.Count - failed} passed, {failed} failed");
    }
}
