using System.Text.RegularExpressions;

namespace Emu.App.Options;

/// <summary>
/// <c>--stop-at-line PORT:REGEX</c>: the first line on PORT (<c>com1</c> or <c>debugcon</c>, as the
/// --line-log names them) that REGEX matches stops the VM at that line's newline, as QMP
/// <c>stop</c> does. Stops are armed one after another in command-line order, so a client can
/// act at the same guest instruction in every deterministic run and then <c>cont</c>.
/// </summary>
public sealed record LineStop(string Port, Regex Pattern)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static LineStop Parse(string value)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        string port = colon < 0 ? string.Empty : value[..colon];
        if (port is not ("com1" or "debugcon"))
        {
            throw new OptionException($"--stop-at-line {value}: expected PORT:REGEX with PORT com1 or debugcon");
        }

        try
        {
            return new LineStop(port, new Regex(value[(colon + 1)..], RegexOptions.None, MatchTimeout));
        }
        catch (ArgumentException e)
        {
            throw new OptionException($"--stop-at-line {value}: bad regex: {e.Message}");
        }
    }
}
