using System.Globalization;

namespace Emu.Regress;

/// <summary>The command line of <c>emu regress</c> (see <see cref="Usage"/>).</summary>
public sealed class RegressOptions
{
    public const string Usage = """
        usage: emu regress MANIFEST.json... [options]
          -j N                   run up to N cases at once (default: the number of cores)
          --junit PATH           write a JUnit XML report
          --out DIR              artifact folders, one per case (default: regress-out)
          --filter REGEX         only cases whose name matches
          --tags A,B             only cases with at least one of these tags
          --shard K/N            only the K-th of N interleaved slices of the selected cases
          --repeat N             run every case N times
          --check-determinism    run every case twice; serial lines and instruction counts must agree
          --update-golden        write the golden files instead of comparing with them
          --keep-work            keep each case's image copies even when it passes
          --list                 print the selected cases and stop
          --emu PATH             the emu program (default: the one built beside this runner)
        """;

    public List<string> Manifests { get; } = [];

    public int Jobs { get; set; } = Environment.ProcessorCount;

    public string? JUnitPath { get; set; }

    public string OutputDirectory { get; set; } = "regress-out";

    public string? Filter { get; set; }

    public List<string> Tags { get; } = [];

    public int ShardIndex { get; set; } = 1;

    public int ShardCount { get; set; } = 1;

    public int Repeat { get; set; } = 1;

    public bool CheckDeterminism { get; set; }

    public bool UpdateGolden { get; set; }

    public bool KeepWork { get; set; }

    public bool List { get; set; }

    public string? EmuPath { get; set; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static RegressOptions Parse(IReadOnlyList<string> args)
    {
        RegressOptions options = new();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            switch (arg)
            {
                case "-j" or "--jobs":
                    options.Jobs = Positive(arg, Value());
                    break;
                case "--junit":
                    options.JUnitPath = Value();
                    break;
                case "--out":
                    options.OutputDirectory = Value();
                    break;
                case "--filter":
                    options.Filter = Value();
                    break;
                case "--tags":
                    options.Tags.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--shard":
                    string shard = Value();
                    string[] parts = shard.Split('/');
                    if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int k) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int n) || n < 1 || k < 1 || k > n)
                    {
                        throw new ArgumentException($"--shard {shard}: expected K/N with 1 <= K <= N");
                    }

                    options.ShardIndex = k;
                    options.ShardCount = n;
                    break;
                case "--repeat":
                    options.Repeat = Positive(arg, Value());
                    break;
                case "--check-determinism":
                    options.CheckDeterminism = true;
                    break;
                case "--update-golden":
                    options.UpdateGolden = true;
                    break;
                case "--keep-work":
                    options.KeepWork = true;
                    break;
                case "--list":
                    options.List = true;
                    break;
                case "--emu":
                    options.EmuPath = Value();
                    break;
                case var _ when arg.StartsWith('-') && arg.Length > 1:
                    if (arg.StartsWith("-j", StringComparison.Ordinal) && int.TryParse(arg.AsSpan(2), CultureInfo.InvariantCulture, out int jobs) && jobs > 0)
                    {
                        options.Jobs = jobs;
                        break;
                    }

                    throw new ArgumentException($"{arg}: unknown option");
                default:
                    options.Manifests.Add(arg);
                    break;
            }
        }

        if (options.Manifests.Count == 0)
        {
            throw new ArgumentException("no manifest given");
        }

        return options;
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"{option} {value}: expected a positive number");
}
