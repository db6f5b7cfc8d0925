namespace Emu.Regress.Running;

/// <summary>One line of emu's --line-log: the instruction count at its newline, the port (com1, debugcon) and the text.</summary>
public readonly record struct GuestLine(long Instructions, string Port, string Text)
{
    public override string ToString() => $"{Instructions} {Port} {Text}";

    public static GuestLine Parse(string record)
    {
        int first = record.IndexOf(' ', StringComparison.Ordinal);
        int second = first < 0 ? -1 : record.IndexOf(' ', first + 1);
        if (second < 0 || !long.TryParse(record.AsSpan(0, first), System.Globalization.CultureInfo.InvariantCulture, out long count))
        {
            throw new FormatException($"not an emu --line-log record: {record}");
        }

        return new GuestLine(count, record[(first + 1)..second], record[(second + 1)..]);
    }
}
