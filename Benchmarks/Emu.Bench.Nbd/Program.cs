using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Emu.Bench.Nbd;

/// <summary>
/// nbdcopy throughput against the built <c>emu</c> program and against qemu-system-i386, both
/// started stopped with the same command line and the same image, and both exporting it through
/// their own QMP <c>nbd-server-start</c>/<c>nbd-server-add</c>: export → /dev/null (read) and
/// file → writable export (write). Runs are paired, the side that goes first alternating. One unmeasured copy each way
/// first warms both servers up; the bytes each side serves and takes are checked. Prints MB/s per
/// run, then the medians, the Emu/QEMU ratio and the CPU time each server spent per copy, as
/// Markdown tables.
/// Usage: Emu.Bench.Nbd [--size-mib N] [--runs N]
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"Emu.Bench.Nbd: {e.Message}");
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        try
        {
            Run(options, EmuProgram.Find());
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Win32Exception)
        {
            Console.Error.WriteLine($"Emu.Bench.Nbd: {e.Message}");
            return 1;
        }
    }

    private static void Run(BenchOptions options, EmuProgram emu)
    {
        string nbdcopy = Tool.Version("nbdcopy");
        string qemuVersion = Tool.Version("qemu-system-i386");
        long size = options.SizeBytes;
        string work = Directory.CreateTempSubdirectory("emu-bench-nbd-").FullName;
        try
        {
            // One image exported read-only by both; each side writes into its own copy of it.
            string disk = Path.Combine(work, "disk.img");
            WriteRandomImage(disk, size, seed: 1);
            string emuWrite = Path.Combine(work, "emu-write.img");
            string qemuWrite = Path.Combine(work, "qemu-write.img");
            File.Copy(disk, emuWrite);
            File.Copy(disk, qemuWrite);
            string input = Path.Combine(work, "input.img");
            WriteRandomImage(input, size, seed: 2);

            using NbdExporter emuServer = NbdExporter.Start("emu", emu.FileName, emu.Leading, disk, emuWrite, Path.Combine(work, "emu.sock"));
            using NbdExporter qemuServer = NbdExporter.Start("qemu-system-i386", "qemu-system-i386", [], disk, qemuWrite, Path.Combine(work, "qemu.sock"));

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"NBD: {options.SizeMib} MiB raw image, {options.Runs} paired runs (first side alternating), medians; {nbdcopy}"));
            Console.WriteLine($"emu: {string.Join(' ', emu.Leading.Prepend(emu.FileName))} (emu.dll built {File.GetLastWriteTimeUtc(emu.Assembly):yyyy-MM-dd HH:mm} UTC)");
            Console.WriteLine($"qemu: {qemuVersion}");
            Console.WriteLine($"both: {string.Join(' ', NbdExporter.CommandLine("IMG", "COPY", "SOCK"))}");
            Console.WriteLine();

            // The warm-up read goes to a file, to check that the export serves the image's bytes.
            string readBack = Path.Combine(work, "read-back.img");
            foreach (NbdExporter server in new[] { emuServer, qemuServer })
            {
                Copy(server, server.ReadUri, readBack);
                CheckSame(disk, readBack, $"{server.Name}: what its export d0 served");
                File.Delete(readBack);
                Copy(server, input, server.WriteUri);
            }

            Report report = new(size);
            for (int run = 0; run < options.Runs; run++)
            {
                // Who goes first alternates, so neither side always finds the page cache warmer.
                bool emuFirst = run % 2 == 0;
                (CopySample emuRead, CopySample qemuRead) = Pair(emuFirst,
                    () => Copy(emuServer, emuServer.ReadUri, "/dev/null"),
                    () => Copy(qemuServer, qemuServer.ReadUri, "/dev/null"));
                (CopySample emuWritten, CopySample qemuWritten) = Pair(emuFirst,
                    () => Copy(emuServer, input, emuServer.WriteUri),
                    () => Copy(qemuServer, input, qemuServer.WriteUri));
                report.Add(emuRead, qemuRead, emuWritten, qemuWritten);
            }

            report.PrintRuns(Console.Out);
            Console.WriteLine();
            report.PrintMedians(Console.Out);

            emuServer.Quit();
            qemuServer.Quit();
            CheckSame(input, emuWrite, "emu: what was written through its export w");
            CheckSame(input, qemuWrite, "qemu-system-i386: what was written through its export w");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs both copies of a pair in the given order and returns (Emu, QEMU).</summary>
    private static (CopySample Emu, CopySample Qemu) Pair(bool emuFirst, Func<CopySample> emu, Func<CopySample> qemu)
    {
        if (emuFirst)
        {
            CopySample first = emu();
            return (first, qemu());
        }

        CopySample qemuSample = qemu();
        return (emu(), qemuSample);
    }

    /// <summary>One nbdcopy from <paramref name="from"/> to <paramref name="to"/>, timed, with the server's CPU time meanwhile.</summary>
    private static CopySample Copy(NbdExporter server, string from, string to)
    {
        TimeSpan cpuBefore = server.ProcessorTime;
        Stopwatch watch = Stopwatch.StartNew();
        Tool.Run("nbdcopy", from, to);
        double seconds = watch.Elapsed.TotalSeconds;
        return new CopySample(seconds, (server.ProcessorTime - cpuBefore).TotalSeconds);
    }

    /// <summary>Throws unless <paramref name="actual"/> holds exactly the bytes of <paramref name="expected"/>.</summary>
    private static void CheckSame(string expected, string actual, string what)
    {
        byte[] want = new byte[1024 * 1024];
        byte[] got = new byte[want.Length];
        using FileStream wanted = File.OpenRead(expected);
        using FileStream found = File.OpenRead(actual);
        if (wanted.Length != found.Length)
        {
            throw new InvalidOperationException($"{what} is {found.Length} bytes, not {wanted.Length}");
        }

        for (long offset = 0; offset < wanted.Length; offset += want.Length)
        {
            int length = (int)Math.Min(want.Length, wanted.Length - offset);
            wanted.ReadExactly(want, 0, length);
            found.ReadExactly(got, 0, length);
            if (!want.AsSpan(0, length).SequenceEqual(got.AsSpan(0, length)))
            {
                throw new InvalidOperationException($"{what} differs from {Path.GetFileName(expected)} in the MiB at offset {offset}");
            }
        }
    }

    private static void WriteRandomImage(string path, long size, int seed)
    {
        byte[] block = new byte[1024 * 1024];
        Random random = new(seed);
        using FileStream stream = new(path, FileMode.Create, FileAccess.Write);
        for (long done = 0; done < size; done += block.Length)
        {
            random.NextBytes(block);
            stream.Write(block);
        }
    }
}
