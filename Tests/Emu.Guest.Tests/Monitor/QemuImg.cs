using System.Diagnostics;

namespace Emu.Guest.Tests.Monitor;

/// <summary>Runs Debian's <c>qemu-img</c> and returns its output; a non-zero exit fails the test.</summary>
internal static class QemuImg
{
    public static string Run(params string[] args)
    {
        ProcessStartInfo start = new("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"qemu-img {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{output}");
        return output;
    }
}
