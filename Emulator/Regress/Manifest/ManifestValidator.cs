using System.Text.RegularExpressions;

namespace Emu.Regress.Manifest;

/// <summary>The checks JSON typing cannot make: names, regexes, references, sha256 spelling, deadlines.</summary>
public static partial class ManifestValidator
{
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Options the runner adds itself to watch the guest.</summary>
    private static readonly HashSet<string> RunnerOwned =
        ["-serial", "-nographic", "-display", "-qmp", "-qmp-pretty", "-debugcon", "--line-log", "-line-log", "-mon", "-chardev"];

    public static void Validate(LoadedManifest manifest)
    {
        ManifestDocument doc = manifest.Document;
        foreach ((string name, RecipeSpec recipe) in doc.Recipes)
        {
            string field = $"$.recipes.{name}.script";
            if (!File.Exists(manifest.Resolve(recipe.Script)))
            {
                throw manifest.Error(field, $"the recipe script {recipe.Script} does not exist");
            }
        }

        foreach ((string name, ImageSpec image) in doc.Images)
        {
            ValidateImage(manifest, name, image);
        }

        HashSet<string> names = new(StringComparer.Ordinal);
        for (int i = 0; i < doc.Cases.Count; i++)
        {
            CaseSpec spec = doc.Cases[i];
            string at = $"$.cases[{i}]";
            if (!SafeName().IsMatch(spec.Name))
            {
                throw manifest.Error($"{at}.name", "a case name is letters, digits, '.', '_' and '-' only");
            }

            if (!names.Add(spec.Name))
            {
                throw manifest.Error($"{at}.name", $"a second case named '{spec.Name}'");
            }

            for (int o = 0; o < spec.Options.Count; o++)
            {
                if (RunnerOwned.Contains(spec.Options[o]))
                {
                    throw manifest.Error($"{at}.options[{o}]", $"{spec.Options[o]} is set by the runner (COM1, debug console, QMP and display are its own)");
                }

                foreach (Match m in Placeholder().Matches(spec.Options[o]))
                {
                    if (!doc.Images.ContainsKey(m.Groups[1].Value))
                    {
                        throw manifest.Error($"{at}.options[{o}]", $"no image named '{m.Groups[1].Value}' in $.images");
                    }
                }
            }

            ValidateExpectations(manifest, spec, at);
            for (int f = 0; f < spec.Forbid.Count; f++)
            {
                CheckRegex(manifest, $"{at}.forbid[{f}]", spec.Forbid[f]);
            }

            if (spec.End is not ("marker" or "exit" or "power-off"))
            {
                throw manifest.Error($"{at}.end", $"'{spec.End}' is not one of marker, exit, power-off");
            }

            if (spec.End == "marker" && spec.Expect.Count == 0)
            {
                throw manifest.Error($"{at}.expect", "a case that ends at its last marker needs at least one expectation");
            }

            if (spec.Timeout <= 0)
            {
                throw manifest.Error($"{at}.timeout", "must be a positive number of seconds");
            }
        }
    }

    /// <summary>The image names a case's options refer to as <c>${name}</c>.</summary>
    public static IEnumerable<string> ImagesOf(CaseSpec spec) =>
        spec.Options.SelectMany(o => Placeholder().Matches(o).Select(m => m.Groups[1].Value)).Distinct(StringComparer.Ordinal);

    /// <summary>Replaces every <c>${name}</c> with <paramref name="resolve"/>(name).</summary>
    public static string Substitute(string option, Func<string, string> resolve) =>
        Placeholder().Replace(option, m => resolve(m.Groups[1].Value));

    private static void ValidateImage(LoadedManifest manifest, string name, ImageSpec image)
    {
        string at = $"$.images.{name}";
        if (image.Path is null == (image.Recipe is null))
        {
            throw manifest.Error(at, "an image has either 'path' or 'recipe' (with 'file')");
        }

        if (image.Recipe is { } recipe)
        {
            if (!manifest.Document.Recipes.ContainsKey(recipe))
            {
                throw manifest.Error($"{at}.recipe", $"no recipe named '{recipe}' in $.recipes");
            }

            if (image.File is null)
            {
                throw manifest.Error(at, "an image made by a recipe names its 'file'");
            }
        }

        if (image.Sha256 is { } sha && !Sha256Text().IsMatch(sha))
        {
            throw manifest.Error($"{at}.sha256", "a sha256 is 64 lowercase hexadecimal digits");
        }
    }

    private static void ValidateExpectations(LoadedManifest manifest, CaseSpec spec, string at)
    {
        for (int e = 0; e < spec.Expect.Count; e++)
        {
            ExpectSpec expect = spec.Expect[e];
            string here = $"{at}.expect[{e}]";
            int kinds = (expect.Serial is null ? 0 : 1) + (expect.DebugCon is null ? 0 : 1) + (expect.Screen is null ? 0 : 1);
            if (kinds != 1)
            {
                throw manifest.Error(here, "an expectation has exactly one of 'serial', 'debugcon', 'screen'");
            }

            string field = expect.Serial is not null ? "serial" : expect.DebugCon is not null ? "debugcon" : "screen";
            CheckRegex(manifest, $"{here}.{field}", expect.Serial ?? expect.DebugCon ?? expect.Screen!);
            if (expect.Instructions is <= 0)
            {
                throw manifest.Error($"{here}.instructions", "must be a positive instruction count");
            }

            if (expect.Seconds is <= 0)
            {
                throw manifest.Error($"{here}.seconds", "must be a positive number of seconds");
            }

            if (expect.Screen is not null && expect.Instructions is not null)
            {
                throw manifest.Error($"{here}.instructions", "a screen expectation is polled, so its deadline is in 'seconds'");
            }

            if (expect.Screen is not null && expect.Stop)
            {
                throw manifest.Error($"{here}.stop", "emu stops at a serial or debugcon line; a screen is polled");
            }

            for (int q = 0; q < expect.Qmp.Count; q++)
            {
                QmpStepSpec step = expect.Qmp[q];
                if (step.Reply is not null && step.Error is not null)
                {
                    throw manifest.Error($"{here}.qmp[{q}].error", "a step expects either a 'reply' or an 'error'");
                }

                if (step.Arguments is { } args && args.ValueKind != System.Text.Json.JsonValueKind.Object)
                {
                    throw manifest.Error($"{here}.qmp[{q}].arguments", "wrong type: expected an object");
                }

                if (step.ErrorDesc is not null && step.Error is null)
                {
                    throw manifest.Error($"{here}.qmp[{q}].errorDesc", "'errorDesc' needs 'error'");
                }

                if (step.EventData is not null && step.Event is null)
                {
                    throw manifest.Error($"{here}.qmp[{q}].eventData", "'eventData' needs 'event'");
                }
            }
        }
    }

    private static void CheckRegex(LoadedManifest manifest, string field, string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw manifest.Error(field, $"bad regex: {e.Message}");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();

    [GeneratedRegex(@"\$\{([A-Za-z0-9._-]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Text();
}
