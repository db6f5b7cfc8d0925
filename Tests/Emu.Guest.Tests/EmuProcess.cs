using System.Diagnostics;
using System.Text;

namespace Emu.Guest.Tests;

/// <summary>Runs the built <c>emu</c> program as a separate process and collects its output.</summary>
internal static class EmuProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public sealed record Result(int ExitCode, byte[] StandardOutput, string StandardError)
    {
        public string Output => Encoding.Latin1.GetString(StandardOutput);
    }

    public static Result Run(string workingDirectory, params string[] args)
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
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"emu {string.Join(' ', args)} did not end by itself within {Limit.TotalMinutes} minutes");
        }

        copy.Wait();
        return new Result(process.ExitCode, stdout.ToArray(), stderr.Result);
    }
}
