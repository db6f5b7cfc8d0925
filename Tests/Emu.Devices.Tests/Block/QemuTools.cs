using System.Diagnostics;

namespace Emu.Devices.Tests.Block;

/// <summary>Runs the real qemu-img / qemu-io and returns exit code and output.</summary>
internal static class QemuTools
{
    public static (int Exit, string Out, string Err) Run(string program, params string[] args)
    {
        ProcessStartInfo info = new(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} timed out");
        }

        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs and asserts exit code 0.</summary>
    public static string Ok(string program, params string[] args)
    {
        (int exit, string output, string error) = Run(program, args);
        Assert.True(exit == 0, $"{program} {string.Join(' ', args)} exited {exit}: {error}{output}");
        return output;
    }

    public static void Img(params string[] args) => Ok("qemu-img", args);

    /// <summary>qemu-io with one or more -c commands on an image of known format.</summary>
    public static void Io(string image, string format, params string[] commands)
    {
        List<string> args = ["-f", format];
        foreach (string c in commands)
        {
            args.Add("-c");
            args.Add(c);
        }

        args.Add(image);
        string output = Ok("qemu-io", [.. args]);
        Assert.DoesNotContain("failed", output, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The image's contents as qemu-img sees them (optionally of one snapshot).</summary>
    public static byte[] ConvertToRaw(string image, string directory, string? snapshotId = null)
    {
        string output = Path.Combine(directory, "converted-" + Guid.NewGuid().ToString("N") + ".raw");
        List<string> args = ["convert", "-U", "-O", "raw"];
        if (snapshotId is not null)
        {
            args.Add("-l");
            args.Add("snapshot.id=" + snapshotId);
        }

        args.Add(image);
        args.Add(output);
        Ok("qemu-img", [.. args]);
        byte[] data = File.ReadAllBytes(output);
        File.Delete(output);
        return data;
    }

    /// <summary>Asserts <c>qemu-img check</c> finds neither errors nor leaks.</summary>
    public static void AssertClean(string image)
    {
        (int exit, string output, string error) = Run("qemu-img", "check", "--output=json", image);
        Assert.True(exit == 0, $"qemu-img check exited {exit}: {output}{error}");
        Assert.Contains("\"check-errors\": 0", output);
        Assert.DoesNotContain("\"leaks\"", output);
        Assert.DoesNotContain("\"corruptions\"", output);
    }
}
