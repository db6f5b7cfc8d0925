using System.Diagnostics;
using Emu.TestSupport;

namespace Emu.Bench.Window;

/// <summary>
/// What the SDL window costs the guest: mips.img (1500 million instructions between EMU-LOOP-START
/// and EMU-LOOP-END on COM1) run by the emu program with <c>-display none</c> and with the window
/// open on a private Xvfb, in rows that take turns (<c>--repeat N</c>, medians printed). The window
/// runs the clock in real time, so the headless run is also measured with <c>--clock realtime</c>
/// and the cost is taken against that row. Run in Release: <c>dotnet run -c Release</c>.
/// </summary>
public static class Program
{
    private const double LoopMillionInstructions = 1500;

    public static async Task<int> Main(string[] args)
    {
        int repeat = args.Length > 1 && args[0] == "--repeat" && int.TryParse(args[1], out int r) && r > 0 ? r : 3;
        string image = Path.Combine(GuestCache.Directory, "mips.img");
        if (!File.Exists(image))
        {
            Console.Error.WriteLine($"Emu.Bench.Window: {image} is missing: build the guest images with tools/guest-images.sh");
            return 1;
        }

        using Process xvfb = StartXvfb(out string display);
        try
        {
            (string Name, string? Display, string[] Options)[] rows =
            [
                ("-display none", null, ["-display", "none"]),
                ("-display none --clock realtime", null, ["-display", "none", "--clock", "realtime"]),
                ("-display sdl (Xvfb)", display, ["-display", "sdl"]),
            ];
            List<double>[] mips = [.. rows.Select(_ => new List<double>())];
            List<double>[] cpu = [.. rows.Select(_ => new List<double>())];
            for (int turn = 0; turn < repeat; turn++)
            {
                for (int i = 0; i < rows.Length; i++)
                {
                    (double m, double c) = await RunAsync(image, rows[i].Display, rows[i].Options);
                    mips[i].Add(m);
                    cpu[i].Add(c);
                }
            }

            Console.WriteLine($"mips.img, median of {repeat} runs per row (rows take turns); MIPS = 1500 M instructions / wall seconds of the loop;");
            Console.WriteLine("process CPU = the emu process's CPU seconds for the whole run (all threads: machine, window, GC).");
            Console.WriteLine($"load average at the end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown")} (figures on a loaded machine are noisy)");
            Console.WriteLine($"{"run",-32} {"MIPS",8} {"process CPU s",14}");
            for (int i = 0; i < rows.Length; i++)
            {
                Console.WriteLine($"{rows[i].Name,-32} {Median(mips[i]),8:F1} {Median(cpu[i]),14:F2}");
            }

            double cost = 100 * (1 - (Median(mips[2]) / Median(mips[1])));
            Console.WriteLine($"window cost to guest MIPS vs the same clock headless: {cost:F1}% (must stay under 10%)");
            return 0;
        }
        finally
        {
            xvfb.Kill();
            xvfb.WaitForExit();
        }
    }

    private static Process StartXvfb(out string display)
    {
        ProcessStartInfo start = new("Xvfb", ["-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        display = ":" + process.StandardOutput.ReadLine()!.Trim();
        return process;
    }

    private static async Task<(double Mips, double CpuSeconds)> RunAsync(string image, string? display, string[] options)
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("WAYLAND_DISPLAY");
        if (display is not null)
        {
            start.Environment["DISPLAY"] = display;
        }

        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "emu.dll"), "-fda", image, "-serial", "stdio", .. options])
        {
            start.ArgumentList.Add(arg);
        }

        using Process emu = Process.Start(start)!;
        _ = emu.StandardError.ReadToEndAsync();
        Stopwatch loop = new();
        while (await emu.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Contains("EMU-LOOP-START", StringComparison.Ordinal))
            {
                loop.Start();
            }
            else if (line.Contains("EMU-LOOP-END", StringComparison.Ordinal))
            {
                loop.Stop();
                break;
            }
        }

        emu.Refresh();
        double cpuSeconds = emu.TotalProcessorTime.TotalSeconds;
        emu.Kill();
        await emu.WaitForExitAsync();
        if (loop.IsRunning || loop.Elapsed == TimeSpan.Zero)
        {
            throw new InvalidOperationException($"emu {string.Join(' ', options)} did not print EMU-LOOP-START and EMU-LOOP-END");
        }

        return (LoopMillionInstructions / loop.Elapsed.TotalSeconds, cpuSeconds);
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = [.. values.Order()];
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
