using System.Globalization;

namespace Emu.Bench.Nbd;

/// <summary>The command line: <c>[--size-mib N] [--runs N]</c>.</summary>
internal sealed class BenchOptions
{
    public const string Usage = "usage: Emu.Bench.Nbd [--size-mib N] [--runs N]   (defaults: 256 MiB, 5 paired runs)";

    public int SizeMib { get; private set; } = 256;

    public int Runs { get; private set; } = 5;

    public long SizeBytes => SizeMib * 1024L * 1024L;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        BenchOptions options = new();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is not ("--size-mib" or "--runs"))
            {
                throw new ArgumentException($"{name}: unknown option");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name}: requires a number");
            }

            string text = args[++i];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
            {
                throw new ArgumentException($"{name} {text}: expected a positive number");
            }

            if (name == "--size-mib")
            {
                options.SizeMib = value;
            }
            else
            {
                options.Runs = value;
            }
        }

        return options;
    }
}
