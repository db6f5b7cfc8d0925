namespace Emu.Regress.Manifest;

/// <summary>A manifest the runner refuses, with the file, line and field it is about: nothing runs.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string file, int line, string field, string problem)
        : base($"{file}:{line}: {field}: {problem}")
    {
        File = file;
        Line = line;
        Field = field;
    }

    public string File { get; }

    public int Line { get; }

    public string Field { get; }
}
