namespace Emu.Regress.Running;

public enum CaseOutcome
{
    Passed,
    Failed,
}

/// <summary>How one case ended, with what the reports need.</summary>
public sealed class CaseResult
{
    public required RegressCase Case { get; init; }

    public CaseOutcome Outcome { get; set; } = CaseOutcome.Passed;

    /// <summary>Why the case failed (one line), or null.</summary>
    public string? Failure { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Spawn of emu until its QMP greeting: the per-case overhead before the guest runs.</summary>
    public TimeSpan? Startup { get; set; }

    /// <summary>The guest instruction count at the last line emu logged.</summary>
    public long LastInstructions { get; set; }

    public required string ArtifactDirectory { get; init; }

    /// <summary>The last lines of COM1 (for the JUnit failure message).</summary>
    public string SerialTail { get; set; } = string.Empty;

    /// <summary>The --line-log records up to the case's deterministic horizon (see <see cref="CaseRunner"/>).</summary>
    public List<GuestLine> DeterministicLines { get; } = [];

    /// <summary>False when the case runs on the real-time clock, so two runs may differ.</summary>
    public bool Deterministic { get; set; } = true;

    public List<string> Artifacts { get; } = [];

    public void Fail(string reason)
    {
        if (Outcome == CaseOutcome.Passed)
        {
            Outcome = CaseOutcome.Failed;
            Failure = reason;
        }
    }
}
