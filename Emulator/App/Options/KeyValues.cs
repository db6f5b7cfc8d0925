using System.Text;

namespace Emu.App.Options;

/// <summary>QEMU's <c>key=value,key=value</c> option lists, where <c>,,</c> stands for a comma inside a value.</summary>
public static class KeyValues
{
    public static List<string> Split(string value)
    {
        List<string> parts = [];
        StringBuilder current = new();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == ',')
            {
                if (i + 1 < value.Length && value[i + 1] == ',')
                {
                    current.Append(',');
                    i++;
                    continue;
                }

                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(value[i]);
        }

        parts.Add(current.ToString());
        return parts;
    }

    public static IEnumerable<(string Key, string Value)> Parse(string source, string value) =>
        Split(value).Select(part => ToPair(source, part));

    public static (string Key, string Value) ToPair(string source, string part)
    {
        int eq = part.IndexOf('=');
        if (eq <= 0)
        {
            throw new OptionException($"{source}: Expected '=' after parameter '{part}'");
        }

        return (part[..eq], part[(eq + 1)..]);
    }

    public static bool ParseBool(string source, string key, string value) => value switch
    {
        "on" or "yes" or "true" => true,
        "off" or "no" or "false" => false,
        _ => throw new OptionException($"{source}: Parameter '{key}' expects 'on' or 'off'"),
    };
}
