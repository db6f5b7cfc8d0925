using System.Security.Cryptography;

namespace Emu.TestSupport;

/// <summary>
/// The folder of the guest images that ../shared/guests/build.sh makes: EMU_GUESTS when set,
/// otherwise the cache folder keyed on the recipe's sha256, exactly as tools/guest-images.sh
/// computes it (that script builds the images; tools/test.sh runs it and exports EMU_GUESTS).
/// </summary>
public static class GuestCache
{
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("EMU_GUESTS") is { Length: > 0 } dir)
            return dir;
        string cache = Environment.GetEnvironmentVariable("EMU_GUESTS_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x
                ? x
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "emu-guests");
        string? recipe = FindRecipe();
        if (recipe is null)
            return cache;
        string key = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(recipe)))[..16];
        return Path.Combine(cache, key);
    }

    /// <summary>../shared/guests/build.sh beside the repository that holds this build's output.</summary>
    private static string? FindRecipe()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Emu.sln")))
            {
                string recipe = Path.Combine(d.FullName, "..", "shared", "guests", "build.sh");
                return File.Exists(recipe) ? Path.GetFullPath(recipe) : null;
            }
        }
        return null;
    }
}
