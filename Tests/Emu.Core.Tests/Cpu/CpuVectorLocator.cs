namespace Emu.Core.Tests.Cpu;

/// <summary>Finds the SingleStepTests vectors: <c>EMU_CPU_VECTORS</c>, else <c>../shared/testdata/cpu</c> beside the repository root.</summary>
internal static class CpuVectorLocator
{
    public static string Find()
    {
        string? env = Environment.GetEnvironmentVariable("EMU_CPU_VECTORS");
        if (!string.IsNullOrEmpty(env))
        {
            Assert.True(Directory.Exists(env), $"EMU_CPU_VECTORS points at '{env}', which does not exist");
            return env;
        }

        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Emu.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, $"could not find the folder holding Emu.sln above {AppContext.BaseDirectory}");
        string path = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "testdata", "cpu"));
        Assert.True(
            Directory.Exists(path),
            $"CPU test vectors not found at {path}: put the SingleStepTests sets there (see its README.md) or set EMU_CPU_VECTORS");
        return path;
    }
}
