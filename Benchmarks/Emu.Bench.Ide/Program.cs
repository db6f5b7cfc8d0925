using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Emu.Bench.Ide;

/// <summary>
/// The guest's sequential disk read speed by PIO and by PIIX bus-master DMA (issue 11, must-show 6),
/// emu next to qemu-system-i386 with the same command line in the same run: idespeed.asm (assembled
/// with nasm at run time) reads the first <c>--pio-mib</c> MiB of a sparse disk with READ SECTORS and
/// 32-bit data-port reads, then <c>--dma-mib</c> MiB with READ DMA, marking each phase on the debug
/// console; the host times the marks as they arrive. The two emulators take turns, <c>--runs</c>
/// times each (default 3); medians are printed. Run in Release: <c>dotnet run -c Release --project
/// Benchmarks/Emu.Bench.Ide</c>.
/// </summary>
public static class Program
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static int Main(string[] args)
    {
        int runs = Option(args, "--runs", 3);
        int pioMib = Option(args, "--pio-mib", 16);
        int dmaMib = Option(args, "--dma-mib", 256);
        using TempFolder dir = new();
        string floppy = Path.Combine(dir.Path, "idespeed.flp");
        string disk = Path.Combine(dir.Path, "disk.img");
        File.WriteAllBytes(floppy, Floppy(pioMib, dmaMib));
        using (FileStream file = File.Create(disk))
        {
            file.SetLength((long)Math.Max(pioMib, dmaMib) << 20);
        }

        // Reading a hole the first time makes the kernel zero fresh page-cache pages: warm the
        // file once so neither emulator pays for that.
        using (FileStream file = File.OpenRead(disk))
        {
            file.CopyTo(Stream.Null, 1 << 20);
        }

        string[] machine =
        [
            "-machine", "pc", "-nodefaults", "-display", "none", "-debugcon", "stdio", "-boot", "a",
            "-drive", $"file={floppy},if=floppy,format=raw,readonly=on", "-drive", $"file={disk},format=raw,if=ide,index=0",
        ];
        string emu = Path.Combine(AppContext.BaseDirectory, "emu.dll");
        Console.WriteLine($"Sequential guest reads: PIO {pioMib} MiB (READ SECTORS, rep insd), DMA {dmaMib} MiB (READ DMA, 128 KiB a command), {runs} runs each, turns alternating");
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        List<(double Pio, double Dma)> emuRuns = [];
        List<(double Pio, double Dma)> qemuRuns = [];
        for (int run = 0; run < runs; run++)
        {
            emuRuns.Add(Time("dotnet", [emu, .. machine], pioMib, dmaMib));
            qemuRuns.Add(Time("qemu-system-i386", machine, pioMib, dmaMib));
        }

        Console.WriteLine($"{"transfer",-8} {"emu MB/s",10} {"qemu MB/s",10} {"emu/qemu",9}");
        Row("PIO", Median(emuRuns.Select(r => r.Pio)), Median(qemuRuns.Select(r => r.Pio)));
        Row("DMA", Median(emuRuns.Select(r => r.Dma)), Median(qemuRuns.Select(r => r.Dma)));
        return 0;
    }

    private static void Row(string name, double emu, double qemu) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-8} {emu,10:F1} {qemu,10:F1} {emu / qemu,8:F2}x"));

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }

    /// <summary>The boot floppy: idespeed.asm with the chunk counts (128 KiB each) at offsets 506 and 508.</summary>
    private static byte[] Floppy(int pioMib, int dmaMib)
    {
        string output = Path.Combine(Path.GetTempPath(), $"idespeed-{Environment.ProcessId}.bin");
        ProcessStartInfo nasm = new("nasm", ["-f", "bin", "-o", output, Path.Combine(AppContext.BaseDirectory, "idespeed.asm")]) { UseShellExecute = false };
        using (Process process = Process.Start(nasm) ?? throw new InvalidOperationException("nasm did not start"))
        {
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("nasm could not assemble idespeed.asm");
            }
        }

        byte[] program = File.ReadAllBytes(output);
        File.Delete(output);
        BitConverter.TryWriteBytes(program.AsSpan(506), (ushort)(pioMib * 8));
        BitConverter.TryWriteBytes(program.AsSpan(508), (ushort)(dmaMib * 8));
        byte[] floppy = new byte[1_474_560];
        program.CopyTo(floppy, 0);
        return floppy;
    }

    /// <summary>One run: MB/s of the PIO and the DMA phase, from the times their marks arrived.</summary>
    private static (double Pio, double Dma) Time(string program, string[] args, int pioMib, int dmaMib)
    {
        ProcessStartInfo start = new(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Dictionary<string, double> marks = [];
        Stopwatch clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        _ = process.StandardError.ReadToEndAsync();
        StringBuilder line = new();
        while (!marks.ContainsKey("DONE") && clock.Elapsed < Limit)
        {
            int c = process.StandardOutput.Read();
            if (c < 0)
            {
                break;
            }

            if (c == '\n')
            {
                marks[line.ToString()] = clock.Elapsed.TotalSeconds;
                line.Clear();
            }
            else
            {
                line.Append((char)c);
            }
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        process.WaitForExit();
        if (!marks.ContainsKey("DONE"))
        {
            throw new InvalidOperationException($"{program} did not finish idespeed.asm: {string.Join(", ", marks.Keys)}");
        }

        double pio = pioMib * 1.048576 / (marks["PIO-END"] - marks["PIO-START"]);
        double dma = dmaMib * 1.048576 / (marks["DMA-END"] - marks["DMA-START"]);
        return (pio, dma);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;
    }

    /// <summary>A folder under the system's temp folder, removed with what is in it.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("emu-bench-ide-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
