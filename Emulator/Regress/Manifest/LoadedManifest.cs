namespace Emu.Regress.Manifest;

/// <summary>A manifest that passed reading and validation, with what is needed to name a line later.</summary>
public sealed class LoadedManifest(string path, string directory, ManifestDocument document, JsonLineLocator lines)
{
    /// <summary>The path as the user gave it (used in messages).</summary>
    public string Path { get; } = path;

    /// <summary>The folder relative paths in the manifest start from.</summary>
    public string Directory { get; } = directory;

    public ManifestDocument Document { get; } = document;

    public JsonLineLocator Lines { get; } = lines;

    public ManifestException Error(string field, string problem) => new(Path, Lines.LineOf(field), field, problem);

    /// <summary>A manifest-relative path made absolute.</summary>
    public string Resolve(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, relative));
}
