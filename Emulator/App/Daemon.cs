using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Emu.App;

/// <summary>
/// <c>-daemonize</c> (QEMU os-posix.c os_daemonize / os_setup_post): the command returns once the
/// machine and its monitors are ready, leaving the emulator running detached in its own session
/// with its standard streams on /dev/null. libvirt's capability probe relies on this: it waits
/// for the command to exit, then reads the pid file and connects to the QMP socket. .NET cannot
/// fork, so the parent starts a second copy of itself with the same arguments, marked as the
/// child by <see cref="ChildVariable"/>, and waits for that child to write one byte to its standard output: the
/// child's messages reach the parent's stderr until then, and a child that fails before it is
/// ready makes the parent exit 1, as QEMU's parent does when its daemon reports failure.
/// </summary>
internal static partial class Daemon
{
    private const string ChildVariable = "EMU_DAEMON_CHILD";

    /// <summary>Whether this process is the detached child of a <c>-daemonize</c> run.</summary>
    public static bool IsChild => Environment.GetEnvironmentVariable(ChildVariable) == "1";

    /// <summary>The parent's part: starts the child and returns the exit code once it is ready or gone.</summary>
    public static int RunParent(IReadOnlyList<string> args, TextWriter error)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("the emulator's own path is unknown");
        ProcessStartInfo start = new(host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            // Started as "dotnet emu.dll": the child needs the assembly too.
            start.ArgumentList.Add(typeof(Daemon).Assembly.Location);
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[ChildVariable] = "1";
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("the daemon process did not start");
        child.StandardInput.Close();
        Task copyErrors = child.StandardError.BaseStream.CopyToAsync(Console.OpenStandardError());
        int ready = child.StandardOutput.BaseStream.ReadByte();
        if (ready >= 0)
        {
            // The child put /dev/null on its stderr after the byte; what it wrote before is copied.
            copyErrors.Wait(TimeSpan.FromSeconds(5));
            return 0;
        }

        child.WaitForExit();
        copyErrors.Wait(TimeSpan.FromSeconds(5));
        error.Flush();
        return child.ExitCode == 0 ? 0 : 1;
    }

    /// <summary>The child's first step: a session of its own, as QEMU's setsid() after the first fork.</summary>
    public static void DetachSession() => _ = SetSid();

    /// <summary>
    /// The machine and its monitors are up: tell the parent and put /dev/null on the standard
    /// streams (QEMU os_setup_post), so nothing later writes into the parent's closed pipes.
    /// </summary>
    public static void ReportReady()
    {
        Console.Out.Flush();
        Console.Error.Flush();
        using (Stream stdout = Console.OpenStandardOutput())
        {
            stdout.WriteByte((byte)'\n');
            stdout.Flush();
        }

        int devNull = Open("/dev/null", 2 /* O_RDWR */);
        if (devNull < 0)
        {
            return;
        }

        foreach (int fd in StandardStreamDescriptors())
        {
            _ = Dup2(devNull, fd);
        }

        _ = Close(devNull);
    }

    /// <summary>
    /// Descriptors 0 to 2 and every other descriptor open on the same file: .NET's Console keeps
    /// duplicates of the standard descriptors (ConsolePal.Unix dup()s them), and while one of them
    /// still holds the parent's stderr pipe the parent never sees its end.
    /// </summary>
    private static List<int> StandardStreamDescriptors()
    {
        List<int> descriptors = [0, 1, 2];
        HashSet<string> standardTargets = [];
        foreach (int fd in descriptors)
        {
            if (DescriptorTarget(fd) is { } target)
            {
                standardTargets.Add(target);
            }
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int fd) && fd > 2
                && DescriptorTarget(fd) is { } target && target.StartsWith("pipe:", StringComparison.Ordinal)
                && standardTargets.Contains(target))
            {
                descriptors.Add(fd);
            }
        }

        return descriptors;
    }

    private static string? DescriptorTarget(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
