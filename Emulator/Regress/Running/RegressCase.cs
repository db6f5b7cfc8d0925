using Emu.Regress.Manifest;

namespace Emu.Regress.Running;

/// <summary>One case to run: its spec, the manifest it came from and its run name (with a repeat suffix).</summary>
public sealed record RegressCase(LoadedManifest Manifest, int Index, CaseSpec Spec, string RunName)
{
    public string Field => $"$.cases[{Index}]";
}
