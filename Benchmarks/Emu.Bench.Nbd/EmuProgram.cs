namespace Emu.Bench.Nbd;

/// <summary>
/// The built <c>emu</c> program of this repository: the Release apphost
/// <c>Emulator/App/bin/Release/net10.0/emu</c>, or <c>dotnet emu.dll</c> where the apphost is
/// missing. The repository root is the first directory holding <c>Emu.sln</c> above this
/// program's own directory or the current directory.
/// </summary>
internal sealed class EmuProgram
{
    private const string OutputFolder = "Emulator/App/bin/Release/net10.0";

    private EmuProgram(string fileName, IReadOnlyList<string> leading, string assembly)
    {
        FileName = fileName;
        Leading = leading;
        Assembly = assembly;
    }

    /// <summary>What to start.</summary>
    public string FileName { get; }

    /// <summary>Arguments before Emu's own (the assembly when run through <c>dotnet</c>).</summary>
    public IReadOnlyList<string> Leading { get; }

    /// <summary>The <c>emu.dll</c> that runs.</summary>
    public string Assembly { get; }

    /// <summary>Finds the built program; throws with what to build when it is missing.</summary>
    public static EmuProgram Find()
    {
        string root = FindRoot() ?? throw new InvalidOperationException(
            $"cannot find the Emu repository (no Emu.sln above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()})");
        string folder = Path.Combine(root, OutputFolder);
        string assembly = Path.Combine(folder, "emu.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException(
                $"emu is not built (no {assembly}): build it first with 'dotnet build Emulator/App -c Release' in {root}");
        }

        string apphost = Path.Combine(folder, "emu");
        return File.Exists(apphost) ? new EmuProgram(apphost, [], assembly) : new EmuProgram("dotnet", [assembly], assembly);
    }

    private static string? FindRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Emu.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }
}
