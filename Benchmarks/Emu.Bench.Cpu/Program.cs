using System.Diagnostics;
using Emu.Core.Io;
using Emu.Core.Memory;
using CpuCore = Emu.Core.Cpu.Cpu;

namespace Emu.Bench.Cpu;

/// <summary>
/// Measures the interpreter in MIPS on CPU-bound real-mode loops and one protected-mode loop with
/// paging (loops.asm, assembled with nasm at run time), with the decoded-block cache on and off, and on the mips.img boot sector
/// (EMU_GUESTS, or the recipe-keyed cache of tools/guest-images.sh). Run in Release: <c>dotnet run -c Release</c>.
/// Options: <c>--quick</c> (smaller counts), <c>--no-guest</c>.
/// </summary>
public static class Program
{
    private const uint LoadAddress = 0x1000;

    public static int Main(string[] args)
    {
        bool quick = args.Contains("--quick");
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
        Console.WriteLine($"{"loop",-28} {"cache",-5} {"instructions",14} {"seconds",8} {"MIPS",8} {"cpu-MIPS",9}");
        (string Name, int Entry, uint Iter, ushort Outer)[] loops =
        [
            ("add/dec/jnz (int)", 0, (uint)(40_000_000 * scale), 0),
            ("rep movsd 64000 B", 1, 0, (ushort)(200 * scale)),
            ("mem read/modify/write", 2, (uint)(10_000_000 * scale), 0),
            ("mix (cmp/jcc/call/push)", 3, (uint)(10_000_000 * scale), 0),
            ("mem r/m/w (PM32 + paging)", 7, (uint)(10_000_000 * scale), 0),
        ];
        foreach ((string name, int entry, uint iter, ushort outer) in loops)
        {
            foreach (bool cache in new[] { true, false })
            {
                uint it = cache ? iter : iter / 10;
                ushort ou = cache ? outer : (ushort)Math.Max(1, outer / 10);
                Measure(name, code, entry, it, ou, cache);
            }
        }

        if (!args.Contains("--no-guest"))
        {
            RunMipsImage(quick);
        }

        return 0;
    }

    private static void Measure(string name, byte[] code, int entry, uint iter, ushort outer, bool cache)
    {
        PhysicalMemory memory = new(16 << 20);
        CpuCore cpu = new(memory, new IoBus()) { BlockCacheEnabled = cache };
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
        double cpuSeconds = (self.TotalProcessorTime - cpu0).TotalSeconds;
        long n = cpu.InstructionCount - before;
        double mips = n / sw.Elapsed.TotalSeconds / 1e6;
        Console.WriteLine($"{name,-28} {(cache ? "on" : "off"),-5} {n,14:N0} {sw.Elapsed.TotalSeconds,8:F3} {mips,8:F1} {n / cpuSeconds / 1e6,9:F1}");
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
    private static void RunMipsImage(bool quick)
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
        CpuCore cpu = new(memory, io);
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
        Console.WriteLine($"{"mips.img boot sector",-28} {"on",-5} {n,14:N0} {seconds,8:F3} {n / seconds / 1e6,8:F1} {n / cpuSeconds / 1e6,9:F1}   serial: {serial}");
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
