using System.Diagnostics;
using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Memory;
using CpuCore = Emu.Core.Cpu.Cpu;

namespace Emu.Bench.Cpu;

/// <summary>
/// Measures the interpreter in MIPS on CPU-bound real-mode loops and one protected-mode loop with
/// paging (loops.asm, assembled with nasm at run time), with the decoded-block cache on and off, and on the mips.img boot sector
/// (EMU_GUESTS, or the recipe-keyed cache of tools/guest-images.sh), under both CPU tiers (the interpreter, and the IL
/// tier with its compile cost). Run in Release: <c>dotnet run -c Release</c>.
/// Options: <c>--tier interp|jit</c> (one tier only), <c>--jit-threshold N</c>, <c>--quick</c> (smaller counts), <c>--no-guest</c>, <c>--cache-on-only</c>, <c>--only TEXT</c> (rows
/// whose name contains TEXT), <c>--repeat N</c> (each row N times, rows taking turns, medians printed: on a
/// loaded machine the turns spread the load over all rows alike), <c>--linux</c> (the Linux boot next to QEMU's, see
/// <see cref="LinuxBootRace"/>; minutes).
/// </summary>
public static class Program
{
    private const uint LoadAddress = 0x1000;

    public static int Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool cacheOffRows = !args.Contains("--cache-on-only");
        string? only = OptionValue(args, "--only");
        int repeat = int.TryParse(OptionValue(args, "--repeat"), out int r) && r > 0 ? r : 1;
        CpuTier[] tiers = OptionValue(args, "--tier") switch
        {
            "interp" => [CpuTier.Interp],
            "jit" => [CpuTier.Jit],
            _ => [CpuTier.Interp, CpuTier.Jit],
        };
        int threshold = int.TryParse(OptionValue(args, "--jit-threshold"), out int t) && t > 0 ? t : new CpuCore(new PhysicalMemory(1 << 20), new IoBus()).JitThreshold;
        byte[] code;
        try
        {
            code = Assemble(Path.Combine(AppContext.BaseDirectory, "loops.asm"));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"Emu.Bench.Cpu: cannot assemble loops.asm with nasm: {e.Message}");
            return 1;
        }

        long scale = quick ? 1 : 5;
        Console.WriteLine("MIPS = instructions / wall-clock seconds; cpu-MIPS = instructions / process CPU seconds");
        Console.WriteLine("(the two differ when other processes compete for the cores).");
        if (repeat > 1)
        {
            Console.WriteLine($"Each row is the median of {repeat} runs; the rows take turns (run 1 of every row, then run 2, ...).");
        }

        Console.WriteLine($"load average at start: {LoadAverage()}");
        Console.WriteLine($"IL tier: a block is compiled after {threshold} runs.");
        Console.WriteLine($"{"loop",-28} {"tier",-6} {"cache",-5} {"instructions",14} {"seconds",8} {"MIPS",8} {"cpu-MIPS",9}");
        (string Name, int Entry, uint Iter, ushort Outer)[] loops =
        [
            (IntLoop, 0, (uint)(40_000_000 * scale), 0),
            ("rep movsd 64000 B", 1, 0, (ushort)(200 * scale)),
            ("mem read/modify/write", 2, (uint)(10_000_000 * scale), 0),
            (RealMemLoop, 8, (uint)(10_000_000 * scale), 0),
            (PagedMemLoop, 7, (uint)(10_000_000 * scale), 0),
            ("mix (cmp/jcc/call/push)", 3, (uint)(10_000_000 * scale), 0),
        ];
        List<(string Name, int Entry, uint Iter, ushort Outer, bool Cache, CpuTier Tier)> rows = [];
        foreach ((string name, int entry, uint iter, ushort outer) in loops)
        {
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (CpuTier tier in tiers)
            {
                // The IL tier needs the cache (it compiles cached blocks): its row is cache on only.
                foreach (bool cache in cacheOffRows && tier == CpuTier.Interp ? new[] { true, false } : [true])
                {
                    rows.Add((name, entry, cache ? iter : iter / 10, cache ? outer : (ushort)Math.Max(1, outer / 10), cache, tier));
                }
            }
        }

        List<Result>[] results = [.. rows.Select(_ => new List<Result>())];
        for (int k = 0; k < repeat; k++)
        {
            for (int j = 0; j < rows.Count; j++)
            {
                results[j].Add(Measure(code, rows[j].Entry, rows[j].Iter, rows[j].Outer, rows[j].Cache, rows[j].Tier, threshold));
            }
        }

        Dictionary<(string, CpuTier), Result> onMedians = [];
        for (int j = 0; j < rows.Count; j++)
        {
            Result m = Median(results[j]);
            Print(rows[j].Name, rows[j].Tier, rows[j].Cache, m);
            if (rows[j].Cache)
            {
                onMedians[(rows[j].Name, rows[j].Tier)] = m;
            }
        }

        foreach (CpuTier tier in tiers)
        {
            if (onMedians.TryGetValue((RealMemLoop, tier), out Result real) && onMedians.TryGetValue((PagedMemLoop, tier), out Result paged))
            {
                Console.WriteLine($"paged / real-mode ({tier}, cache on): {paged.Mips / real.Mips:P0} by wall clock, {paged.CpuMips / real.CpuMips:P0} by CPU time");
            }
        }

        foreach ((string name, _, _, _) in loops)
        {
            if (onMedians.TryGetValue((name, CpuTier.Interp), out Result interp) && onMedians.TryGetValue((name, CpuTier.Jit), out Result jit))
            {
                Console.WriteLine($"jit / interp, {name}: {jit.Mips / interp.Mips:F2}x by wall clock, {jit.CpuMips / interp.CpuMips:F2}x by CPU time");
            }
        }

        if (!args.Contains("--no-guest") && (only is null || "mips.img".Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (CpuTier tier in tiers)
            {
                RunMipsImage(quick, tier, threshold);
            }
        }

        if (args.Contains("--linux"))
        {
            LinuxBootRace.Run(Emu.TestSupport.GuestCache.Directory);
        }

        return 0;
    }

    private const string IntLoop = "add/dec/jnz (int)";

    private const string RealMemLoop = "mem r/m/w (real, 32-bit)";

    private const string PagedMemLoop = "mem r/m/w (PM32 + paging)";

    private readonly record struct Result(long Instructions, double Seconds, double CpuSeconds)
    {
        public double Mips => Instructions / Seconds / 1e6;

        public double CpuMips => Instructions / CpuSeconds / 1e6;
    }

    private static string? OptionValue(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static Result Median(List<Result> runs)
    {
        List<Result> sorted = [.. runs.OrderBy(x => x.Mips)];
        return sorted[sorted.Count / 2];
    }

    private static void Print(string name, CpuTier tier, bool cache, Result m) =>
        Console.WriteLine($"{name,-28} {TierName(tier),-6} {(cache ? "on" : "off"),-5} {m.Instructions,14:N0} {m.Seconds,8:F3} {m.Mips,8:F1} {m.CpuMips,9:F1}");

    private static string TierName(CpuTier tier) => tier == CpuTier.Jit ? "jit" : "interp";

    private static Result Measure(byte[] code, int entry, uint iter, ushort outer, bool cache, CpuTier tier, int threshold)
    {
        PhysicalMemory memory = new(16 << 20);
        CpuCore cpu = new(memory, new IoBus()) { BlockCacheEnabled = cache, Tier = tier, JitThreshold = threshold };
        memory.WriteBlock(LoadAddress, code);
        memory.Write32(0x1008, iter);
        memory.Write16(0x100C, outer);
        ushort start = memory.Read16(LoadAddress + (uint)(entry * 2));
        StartAt(cpu, start);

        // Warm up (JIT tiering), then measure a fresh run.
        cpu.Run(2_000_000);
        StartAt(cpu, start);
        long before = cpu.InstructionCount;
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpu0 = self.TotalProcessorTime;
        Stopwatch sw = Stopwatch.StartNew();
        while (!cpu.Halted)
        {
            cpu.Run(10_000_000);
        }

        sw.Stop();
        self.Refresh();
        return new Result(cpu.InstructionCount - before, sw.Elapsed.TotalSeconds, (self.TotalProcessorTime - cpu0).TotalSeconds);
    }

    private static void StartAt(CpuCore cpu, ushort ip)
    {
        cpu.Reset();
        cpu.SetSegment(Emu.Core.Cpu.SegmentRegister.CS, 0);
        cpu.SetSegment(Emu.Core.Cpu.SegmentRegister.SS, 0);
        cpu.ESP = 0x0FFE;
        cpu.EIP = ip;
    }

    /// <summary>Boots the mips.img boot sector at 0000:7C00 with a COM1 stub and times its 1.5e9-instruction loop.</summary>
    private static void RunMipsImage(bool quick, CpuTier tier, int threshold)
    {
        string guests = Emu.TestSupport.GuestCache.Directory;
        string image = Path.Combine(guests, "mips.img");
        if (!File.Exists(image))
        {
            Console.WriteLine($"mips.img: not found at {image} (skipped)");
            return;
        }

        byte[] sector = new byte[512];
        using (FileStream fs = File.OpenRead(image))
        {
            fs.ReadExactly(sector);
        }

        if (quick)
        {
            Console.WriteLine("mips.img: skipped with --quick (1.5e9 instructions)");
            return;
        }

        PhysicalMemory memory = new(16 << 20);
        IoBus io = new();
        SerialCapture com1 = new();
        io.Claim(0x3F8, 8, com1, "bench COM1");
        CpuCore cpu = new(memory, io) { Tier = tier, JitThreshold = threshold };
        memory.WriteBlock(0x7C00, sector);
        cpu.Reset();
        cpu.SetSegment(Emu.Core.Cpu.SegmentRegister.CS, 0);
        cpu.EIP = 0x7C00;
        cpu.EDX = 0;
        using Process self = Process.GetCurrentProcess();
        Stopwatch sw = Stopwatch.StartNew();
        long startCount = 0;
        double startTime = 0;
        TimeSpan cpu0 = TimeSpan.Zero;
        while (!cpu.Halted)
        {
            cpu.Run(5_000_000);
            if (startCount == 0 && com1.Text.Contains("EMU-LOOP-START", StringComparison.Ordinal))
            {
                startCount = cpu.InstructionCount;
                startTime = sw.Elapsed.TotalSeconds;
                self.Refresh();
                cpu0 = self.TotalProcessorTime;
            }
        }

        self.Refresh();
        double cpuSeconds = (self.TotalProcessorTime - cpu0).TotalSeconds;
        double seconds = sw.Elapsed.TotalSeconds - startTime;
        long n = cpu.InstructionCount - startCount;
        string serial = com1.Text.Replace("\r\n", " | ", StringComparison.Ordinal).Trim();
        Console.WriteLine($"{"mips.img boot sector",-28} {TierName(tier),-6} {"on",-5} {n,14:N0} {seconds,8:F3} {n / seconds / 1e6,8:F1} {n / cpuSeconds / 1e6,9:F1}   serial: {serial}");
        (int blocks, long bytes) = cpu.BlockCacheSize;
        Console.WriteLine($"mips.img decode cost ({TierName(tier)}): {cpu.BlocksDecoded:N0} blocks decoded, {blocks:N0} cached holding {bytes:N0} bytes");
        JitStatistics jit = cpu.JitStats;
        if (tier == CpuTier.Jit)
        {
            Console.WriteLine($"mips.img compile cost: {jit.BlocksCompiled:N0} blocks compiled in {jit.CompileTime.TotalMilliseconds:F1} ms, {jit.IlBytes:N0} IL bytes held, {jit.IndirectCalls:N0} calls through a pointer");
        }
    }

    private static byte[] Assemble(string source)
    {
        string output = Path.Combine(Path.GetTempPath(), $"emu-bench-loops-{Environment.ProcessId}.bin");
        ProcessStartInfo psi = new("nasm", ["-f", "bin", "-o", output, source]) { RedirectStandardError = true };
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("nasm did not start");
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"nasm failed: {err}");
        }

        byte[] bytes = File.ReadAllBytes(output);
        File.Delete(output);
        return bytes;
    }
}
