using System.Diagnostics;

namespace Emu.TestSupport.Qmp;

/// <summary>Runs the real QEMU tools the tests compare against.</summary>
public static class Tools
{
    public static string Run(string program, params string[] arguments)
    {
        ProcessStartInfo start = new(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>The images of spec qmp.md 1: disk.qcow2 (16 MiB), raw.img (8 MiB), cd.iso and cd2.iso (358400 bytes), floppy.img.</summary>
    public static void CreateImages(string directory)
    {
        Run("qemu-img", "create", "-q", "-f", "qcow2", Path.Combine(directory, "disk.qcow2"), "16M");
        Run("qemu-img", "create", "-q", "-f", "raw", Path.Combine(directory, "raw.img"), "8M");
        foreach (string cd in new[] { "cd.iso", "cd2.iso" })
        {
            byte[] data = new byte[358400];
            data[0x8001] = (byte)'C';
            File.WriteAllBytes(Path.Combine(directory, cd), data);
        }

        File.WriteAllBytes(Path.Combine(directory, "floppy.img"), new byte[1474560]);
    }
}
