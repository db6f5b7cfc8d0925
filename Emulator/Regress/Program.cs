using System.Diagnostics;
using Emu.Regress.Manifest;
using Emu.Regress.Reports;
using Emu.Regress.Running;

namespace Emu.Regress;

/// <summary>
/// <c>emu regress</c>: runs the guest boots of one or more manifests, each in its own emu process,
/// up to -j at once, and reports them (progress, summary table, JUnit XML, artifact folders).
/// Exit status: 0 all passed, 1 some failed, 2 bad command line or manifest (nothing ran).
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error, !Console.IsOutputRedirected);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors, bool terminal)
    {
        RegressOptions options;
        List<LoadedManifest> manifests = [];
        List<RegressCase> cases;
        try
        {
            options = RegressOptions.Parse(args);
            foreach (string path in options.Manifests)
            {
                manifests.Add(ManifestLoader.Load(path));
            }

            cases = CaseSelection.Select(manifests, options);
        }
        catch (ArgumentException e)
        {
            errors.WriteLine($"emu regress: {e.Message}");
            errors.Write(RegressOptions.Usage);
            return 2;
        }
        catch (ManifestException e)
        {
            errors.WriteLine($"emu regress: {e.Message}");
            return 2;
        }

        if (options.List)
        {
            foreach (RegressCase c in cases)
            {
                output.WriteLine(c.RunName);
            }

            return 0;
        }

        Dictionary<LoadedManifest, ImageStore> stores = [];
        string emu;
        try
        {
            foreach (LoadedManifest manifest in manifests)
            {
                ImageStore store = new(manifest, errors);
                store.Prepare(cases.Where(c => c.Manifest == manifest).SelectMany(c => ManifestValidator.ImagesOf(c.Spec)));
                stores[manifest] = store;
            }

            emu = options.EmuPath ?? LocateEmu();
        }
        catch (ManifestException e)
        {
            errors.WriteLine($"emu regress: {e.Message}");
            return 2;
        }
        catch (FileNotFoundException e)
        {
            errors.WriteLine($"emu regress: {e.Message}");
            return 2;
        }

        List<RegressCase> runs = options.CheckDeterminism
            ? [.. cases.SelectMany(c => new[] { c, c with { RunName = c.RunName + ".second" } })]
            : cases;
        Stopwatch wall = Stopwatch.StartNew();
        List<CaseResult> results = RunAll(runs, options, stores, emu, output, terminal);
        wall.Stop();

        if (options.CheckDeterminism)
        {
            int compared = 0;
            for (int i = 0; i + 1 < results.Count; i += 2)
            {
                compared += DeterminismCheck.Compare(results[i], results[i + 1]) ? 1 : 0;
            }

            int differing = results.Where((r, i) => i % 2 == 1 && r.Failure?.StartsWith("not deterministic", StringComparison.Ordinal) == true).Count();
            output.WriteLine($"determinism: {compared - differing} of {cases.Count} cases gave identical serial lines and instruction counts, {differing} differed, {cases.Count - compared} could not be compared (failed or on the real-time clock)");
        }

        SummaryTable.Write(output, results, wall.Elapsed);
        if (options.JUnitPath is { } junit)
        {
            JUnitReport.Write(junit, results, wall.Elapsed);
        }

        return results.Any(r => r.Outcome == CaseOutcome.Failed) ? 1 : 0;
    }

    private static List<CaseResult> RunAll(List<RegressCase> runs, RegressOptions options, Dictionary<LoadedManifest, ImageStore> stores, string emu, TextWriter output, bool terminal)
    {
        using ProgressDisplay progress = new(output, terminal, runs.Count);
        using SemaphoreSlim slots = new(options.Jobs);
        Task<CaseResult>[] tasks = [.. runs.Select(async c =>
        {
            await slots.WaitAsync().ConfigureAwait(false);
            try
            {
                progress.Started(c.RunName);
                RunSettings settings = new()
                {
                    EmuPath = emu,
                    OutputDirectory = options.OutputDirectory,
                    ImagePath = stores[c.Manifest].PathOf,
                    UpdateGolden = options.UpdateGolden,
                    KeepWork = options.KeepWork,
                };
                CaseResult result = await CaseRunner.RunAsync(c, settings).ConfigureAwait(false);
                progress.Finished(c.RunName, result.Outcome == CaseOutcome.Passed, result.Duration, result.Failure);
                return result;
            }
            finally
            {
                slots.Release();
            }
        })];
        Task.WaitAll(tasks);
        return [.. tasks.Select(t => t.Result)];
    }

    /// <summary>The emu apphost of the repository this runner was built in (Emulator/App/bin/Release/net10.0/emu).</summary>
    private static string LocateEmu()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Emu.sln")))
            {
                string emu = Path.Combine(d.FullName, "Emulator", "App", "bin", "Release", "net10.0", "emu");
                return File.Exists(emu) ? emu : throw new FileNotFoundException($"{emu} is not built (dotnet build -c Release, or bash tools/setup.sh)");
            }
        }

        throw new FileNotFoundException("cannot find the emu program beside this runner; give it with --emu PATH");
    }
}
