using System.Globalization;

namespace Emu.App;

/// <summary>
/// <c>-pidfile FILE</c>: the process id and a newline, written before the machine is built and
/// removed at exit, as QEMU's qemu_write_pidfile (util/oslib-posix.c) and its exit notifier.
/// </summary>
internal sealed class PidFile : IDisposable
{
    private readonly string _path;

    private PidFile(string path) => _path = path;

    /// <summary>Writes the file, or returns null after printing QEMU's message when it cannot.</summary>
    public static PidFile? Create(string path, TextWriter error)
    {
        try
        {
            File.WriteAllText(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            return new PidFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"emu: cannot create PID file: Cannot open pid file: {e.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort, as QEMU: a file that cannot be removed is left behind.
        }
    }
}
