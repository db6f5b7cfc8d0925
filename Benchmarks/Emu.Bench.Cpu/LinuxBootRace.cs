using System.Diagnostics;
using System.Text;

namespace Emu.Bench.Cpu;

/// <summary>
/// The Linux guest (linux-hd.img with linux-cd.iso, shared/guests/README.md) booted by emu and by
/// qemu-system-i386 (TCG) with the same command line, one after the other in the same run: the wall
/// time from process start to the <c>EMU-BOOT-OK</c> and <c>EMU-TEST-DONE</c> lines on COM1, and the ratios.
/// </summary>
internal static class LinuxBootRace
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(25);

    private static readonly string[] Markers = ["EMU-BOOT-OK", "EMU-TEST-DONE"];

    public static void Run(string guests)
    {
        string disk = Path.Combine(guests, "linux-hd.img");
        string cd = Path.Combine(guests, "linux-cd.iso");
        if (!File.Exists(disk) || !File.Exists(cd))
        {
            Console.WriteLine($"Linux boot: linux-hd.img or linux-cd.iso not found in {guests} (skipped)");
            return;
        }

        string[] machine =
        [
            "-machine", "pc", "-accel", "tcg", "-m", "128", "-display", "none", "-serial", "stdio", "-no-reboot",
            "-drive", $"file={disk},format=raw,if=ide,index=0,snapshot=on",
            "-drive", $"file={cd},format=raw,if=ide,index=2,media=cdrom", "-boot", "c",
        ];
        Console.WriteLine($"Linux boot (linux-hd.img + linux-cd.iso, -m 128), load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        double[] emu = Boot("dotnet", [Path.Combine(AppContext.BaseDirectory, "emu.dll"), .. machine]);
        double[] qemu = Boot("qemu-system-i386", machine);
        Console.WriteLine($"{"marker",-16} {"emu s",8} {"qemu s",8} {"emu/qemu",9}");
        for (int k = 0; k < Markers.Length; k++)
        {
            string ratio = emu[k] > 0 && qemu[k] > 0 ? $"{emu[k] / qemu[k],8:F2}x" : "        -";
            Console.WriteLine($"{Markers[k],-16} {Seconds(emu[k]),8} {Seconds(qemu[k]),8} {ratio}");
        }
    }

    private static string Seconds(double s) => s > 0 ? s.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "missing";

    /// <summary>Runs one emulator; returns the seconds at which each marker appeared (0 when it did not).</summary>
    private static double[] Boot(string program, string[] args)
    {
        ProcessStartInfo start = new(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        double[] seen = new double[Markers.Length];
        StringBuilder line = new();
        Stopwatch clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task reader = Task.Run(() =>
        {
            Stream output = process.StandardOutput.BaseStream;
            byte[] buffer = new byte[4096];
            int n;
            while ((n = output.Read(buffer)) > 0)
            {
                double now = clock.Elapsed.TotalSeconds;
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] != '\n')
                    {
                        line.Append((char)buffer[i]);
                        continue;
                    }

                    string text = line.ToString();
                    line.Clear();
                    for (int k = 0; k < Markers.Length; k++)
                    {
                        if (seen[k] == 0 && text.StartsWith(Markers[k], StringComparison.Ordinal))
                        {
                            seen[k] = now;
                        }
                    }
                }
            }
        });
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Console.WriteLine($"{program}: still running after {Limit.TotalMinutes} minutes (killed)");
        }

        reader.Wait();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"{program} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        }

        return seen;
    }
}
