using System.Diagnostics;
using System.Security.Cryptography;

namespace Emu.Regress.Manifest;

/// <summary>
/// Finds the images the selected cases use, building missing ones with their recipe, and checks
/// the sha256 of the reproducible ones, all before any case runs. A recipe's images live in
/// <c>${EMU_GUESTS_CACHE:-~/.cache/emu-guests}/&lt;first 16 hex digits of sha256(script)&gt;</c>, the
/// folder tools/guest-images.sh uses, so a changed recipe builds afresh and the same recipe is
/// shared by the tests, the benchmarks and the runner.
/// </summary>
public sealed class ImageStore
{
    private readonly LoadedManifest _manifest;
    private readonly TextWriter _log;
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

    public ImageStore(LoadedManifest manifest, TextWriter log)
    {
        _manifest = manifest;
        _log = log;
    }

    public static string CacheRoot()
    {
        if (Environment.GetEnvironmentVariable("EMU_GUESTS_CACHE") is { Length: > 0 } cache)
        {
            return cache;
        }

        string xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x
            ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(xdg, "emu-guests");
    }

    /// <summary>The file behind image <paramref name="name"/> (after <see cref="Prepare"/>).</summary>
    public string PathOf(string name) => _paths[name];

    /// <summary>Locates, builds and checks every image in <paramref name="names"/>; throws <see cref="ManifestException"/>.</summary>
    public void Prepare(IEnumerable<string> names)
    {
        foreach (string name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            ImageSpec image = _manifest.Document.Images[name];
            string at = $"$.images.{name}";
            string path;
            if (image.Path is { } relative)
            {
                path = _manifest.Resolve(relative);
                if (!File.Exists(path))
                {
                    throw _manifest.Error($"{at}.path", $"the image {path} does not exist");
                }
            }
            else
            {
                path = Path.Combine(RecipeFolder(image.Recipe!), image.File!);
                if (!File.Exists(path))
                {
                    Build(image.Recipe!, at);
                }

                if (!File.Exists(path))
                {
                    throw _manifest.Error($"{at}.file", $"the recipe '{image.Recipe}' did not make {path}");
                }
            }

            if (image.Sha256 is { } expected)
            {
                string actual = Sha256Of(path);
                if (actual != expected)
                {
                    throw _manifest.Error($"{at}.sha256", $"{path} has sha256 {actual}, not {expected}");
                }
            }

            _paths[name] = path;
        }
    }

    private string RecipeFolder(string recipe)
    {
        string script = _manifest.Resolve(_manifest.Document.Recipes[recipe].Script);
        string key = Sha256Of(script)[..16];
        return Path.Combine(CacheRoot(), key);
    }

    private void Build(string recipe, string at)
    {
        string script = _manifest.Resolve(_manifest.Document.Recipes[recipe].Script);
        string folder = RecipeFolder(recipe);
        Directory.CreateDirectory(folder);
        string log = folder + ".build.log";
        _log.WriteLine($"regress: building the images of recipe '{recipe}' into {folder} (log: {log})");

        // One builder at a time per folder, also across runner processes (e.g. two shards on one host).
        using FileStream guard = Lock(folder + ".lock");
        if (Directory.EnumerateFileSystemEntries(folder).Any() && !_manifest.Document.Images.Values.Any(i => i.Recipe == recipe && !File.Exists(Path.Combine(folder, i.File!))))
        {
            return; // another runner built it while this one waited
        }
        ProcessStartInfo start = new("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _manifest.Directory,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(folder);
        using Process process = Process.Start(start)!;
        using StreamWriter writer = new(log);
        Task output = process.StandardOutput.BaseStream.CopyToAsync(writer.BaseStream);
        Task error = process.StandardError.BaseStream.CopyToAsync(writer.BaseStream);
        process.WaitForExit();
        Task.WaitAll(output, error);
        if (process.ExitCode != 0)
        {
            throw _manifest.Error($"$.recipes.{recipe}.script", $"the recipe failed with status {process.ExitCode} (log: {log}) while making {at}");
        }
    }

    private static FileStream Lock(string path)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                Thread.Sleep(1000);
            }
        }
    }

    private static string Sha256Of(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
