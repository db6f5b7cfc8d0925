namespace Emu.Regress.Running;

/// <summary>What every case of one runner invocation shares.</summary>
public sealed class RunSettings
{
    /// <summary>The emu program (the apphost beside the runner's repository build).</summary>
    public required string EmuPath { get; init; }

    /// <summary>Where each case gets its artifact folder.</summary>
    public required string OutputDirectory { get; init; }

    public required Func<string, string> ImagePath { get; init; }

    public bool UpdateGolden { get; init; }

    /// <summary>Keep each case's image copies even when it passes.</summary>
    public bool KeepWork { get; init; }
}
