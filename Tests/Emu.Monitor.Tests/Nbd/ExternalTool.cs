using System.Diagnostics;

namespace Emu.Monitor.Tests.Nbd;

/// <summary>Runs a real client program (nbdinfo, nbdcopy, qemu-img, qemu-io) and captures its output.</summary>
internal static class ExternalTool
{
    public static ToolResult Run(string program, params string[] arguments) => Run(program, TimeSpan.FromSeconds(120), arguments);

    public static ToolResult Run(string program, TimeSpan timeout, params string[] arguments)
    {
        ProcessStartInfo start = new(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish");
        }

        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs and asserts exit status 0, returning standard output.</summary>
    public static string Check(string program, params string[] arguments)
    {
        ToolResult result = Run(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }
}
