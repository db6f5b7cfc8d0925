using System.Text;
using Emu.Monitor.Block;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Hmp;

/// <summary>
/// HMP <c>savevm [tag]</c>, <c>loadvm tag</c> and <c>delvm tag</c> (QEMU hmp-commands.hx), the
/// commands libvirt sends through human-monitor-command for internal snapshots of a running
/// domain, with the tag quoted as it does (<c>savevm "name"</c>). The argument is read as QEMU's
/// monitor reads a string: a double-quoted string with backslash escapes, or a word.
/// </summary>
internal static class HmpVmSnapshot
{
    public static string Execute(MonitorServices services, string command, string arguments)
    {
        string? tag = ReadString(arguments, out bool malformed);
        if (malformed)
        {
            return $"{command}: invalid string\nTry \"help {command}\" for more information\n";
        }

        if (tag is null && command != "savevm")
        {
            return $"{command}: string expected\nTry \"help {command}\" for more information\n";
        }

        try
        {
            switch (command)
            {
                case "savevm":
                    VmSnapshotOperations.Save(services, tag);
                    break;
                case "loadvm":
                    VmSnapshotOperations.LoadFromMonitor(services, tag!);
                    break;
                default:
                    VmSnapshotOperations.Delete(services, tag!);
                    break;
            }
        }
        catch (QmpException e)
        {
            return "Error: " + e.Error.Desc + "\n";
        }

        return string.Empty;
    }

    /// <summary>QEMU monitor get_str: null when nothing is there.</summary>
    private static string? ReadString(string text, out bool malformed)
    {
        malformed = false;
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (trimmed[0] != '"')
        {
            int end = trimmed.IndexOfAny([' ', '\t']);
            return end < 0 ? trimmed : trimmed[..end];
        }

        StringBuilder value = new();
        for (int i = 1; i < trimmed.Length; i++)
        {
            char c = trimmed[i];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c == '\\' && i + 1 < trimmed.Length)
            {
                char next = trimmed[++i];
                switch (next)
                {
                    case '\\' or '\'' or '"':
                        value.Append(next);
                        break;
                    case 'n':
                        value.Append('\n');
                        break;
                    case 'r':
                        value.Append('\r');
                        break;
                    default:
                        malformed = true;
                        return null;
                }

                continue;
            }

            value.Append(c);
        }

        malformed = true;
        return null;
    }
}
