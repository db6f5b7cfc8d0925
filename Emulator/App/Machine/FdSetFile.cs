using Emu.App.Options;
using Microsoft.Win32.SafeHandles;

namespace Emu.App.Machine;

/// <summary>
/// QEMU's <c>/dev/fdset/N</c> file names (monitor/fds.c qemu_open_old): instead of opening a path
/// the emulator may not be allowed to, it uses a descriptor its parent passed with
/// <c>-add-fd set=N,fd=M</c>. libvirt does this for serial log files.
/// </summary>
internal static class FdSetFile
{
    private const string Prefix = "/dev/fdset/";

    /// <summary>False when <paramref name="path"/> is an ordinary path; throws QEMU's text for a set that does not exist.</summary>
    public static bool TryOpen(string path, IReadOnlyDictionary<int, List<int>> fdSets, out SafeFileHandle? handle)
    {
        handle = null;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (!int.TryParse(path.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int set)
            || !fdSets.TryGetValue(set, out List<int>? fds) || fds.Count == 0)
        {
            throw new OptionException($"Could not open '{path}': No such file or directory");
        }

        handle = new SafeFileHandle((IntPtr)fds[0], ownsHandle: true);
        return true;
    }
}
