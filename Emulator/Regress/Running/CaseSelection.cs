using System.Text.RegularExpressions;
using Emu.Regress.Manifest;

namespace Emu.Regress.Running;

/// <summary>
/// Which cases run: manifest order, then --filter and --tags, then --shard K/N (case i of the
/// selection goes to shard i mod N + 1, so the shards are disjoint and together complete), then
/// --repeat copies.
/// </summary>
public static class CaseSelection
{
    public static List<RegressCase> Select(IReadOnlyList<LoadedManifest> manifests, RegressOptions options)
    {
        Regex? filter = options.Filter is null ? null : new Regex(options.Filter, RegexOptions.None, ManifestValidator.RegexTimeout);
        List<RegressCase> selected = [];
        foreach (LoadedManifest manifest in manifests)
        {
            for (int i = 0; i < manifest.Document.Cases.Count; i++)
            {
                CaseSpec spec = manifest.Document.Cases[i];
                if (filter is not null && !filter.IsMatch(spec.Name))
                {
                    continue;
                }

                if (options.Tags.Count > 0 && !spec.Tags.Any(options.Tags.Contains))
                {
                    continue;
                }

                selected.Add(new RegressCase(manifest, i, spec, spec.Name));
            }
        }

        List<RegressCase> shard = [.. selected.Where((_, i) => i % options.ShardCount == options.ShardIndex - 1)];
        if (options.Repeat == 1)
        {
            return shard;
        }

        return [.. shard.SelectMany(c => Enumerable.Range(1, options.Repeat).Select(r => c with { RunName = $"{c.RunName}.{r}" }))];
    }
}
