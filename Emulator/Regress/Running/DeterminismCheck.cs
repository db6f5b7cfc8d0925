namespace Emu.Regress.Running;

/// <summary>--check-determinism: two runs of a case on the deterministic clock must log the same lines at the same instruction counts.</summary>
public static class DeterminismCheck
{
    /// <summary>Compares the pair and fails <paramref name="second"/> when they differ; returns false when the case cannot be compared.</summary>
    public static bool Compare(CaseResult first, CaseResult second)
    {
        if (!first.Deterministic || first.Outcome != CaseOutcome.Passed || second.Outcome != CaseOutcome.Passed)
        {
            return false;
        }

        List<GuestLine> a = first.DeterministicLines;
        List<GuestLine> b = second.DeterministicLines;
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i] != b[i])
            {
                second.Fail($"not deterministic: line {i + 1} was '{a[i]}' in the first run and '{b[i]}' in the second");
                return true;
            }
        }

        if (a.Count != b.Count)
        {
            second.Fail($"not deterministic: the first run logged {a.Count} lines, the second {b.Count}");
        }

        return true;
    }
}
