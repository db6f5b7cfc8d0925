using System.Diagnostics;

namespace Emu.Bench.Nbd;

/// <summary>Runs a host tool (<c>nbdcopy</c>, <c>qemu-system-i386 --version</c>) to completion.</summary>
internal static class Tool
{
    /// <summary>Runs the program and returns its standard output; throws with its stderr if it fails.</summary>
    public static string Run(string program, params string[] arguments)
    {
        ProcessStartInfo start = new(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with status {process.ExitCode}: {errors.Result.Trim()}");
        }

        return output;
    }

    /// <summary>The first line of <c>PROGRAM --version</c>.</summary>
    public static string Version(string program) => Run(program, "--version").Split('\n')[0].Trim();
}
