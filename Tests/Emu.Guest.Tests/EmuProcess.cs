using System.Diagnostics;
using System.Text;

namespace Emu.Guest.Tests;

/// <summary>Runs the built <c>emu</c> program as a separate process and collects its output.</summary>
internal static class EmuProcess
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(3);

    public sealed record Result(int ExitCode, byte[] StandardOutput, string StandardError)
    {
        public string Output => Encoding.Latin1.GetString(StandardOutput);
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, DefaultLimit, args);

    /// <summary>Runs emu; a run still going after <paramref name="limit"/> (a hang guard only) is killed and fails the test with its output so far.</summary>
    public static Result Run(string workingDirectory, TimeSpan limit, params string[] args)
    {
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emu.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        using MemoryStream stdout = new();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            copy.Wait();
            Assert.Fail($"emu {string.Join(' ', args)} did not end by itself within {limit.TotalMinutes} minutes; standard output so far:\n{Encoding.Latin1.GetString(stdout.ToArray())}");
        }

        copy.Wait();
        return new Result(process.ExitCode, stdout.ToArray(), stderr.Result);
    }
}
