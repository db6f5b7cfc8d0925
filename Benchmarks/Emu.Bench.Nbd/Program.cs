using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Emu.Devices.Block;
using Emu.Monitor.Nbd;

namespace Emu.Bench.Nbd;

/// <summary>
/// nbdcopy throughput against Emu's NBD server (hosted in this process) and against
/// qemu-system-i386 exporting the same image through its own QMP nbd-server-start/add:
/// export → /dev/null (read) and file → writable export (write). Prints MB/s per run, the
/// medians of paired runs and the Emu/QEMU ratio.
/// Usage: Emu.Bench.Nbd [--size-mib N] [--runs N]
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        int sizeMib = 256;
        int runs = 5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--size-mib")
            {
                sizeMib = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--runs")
            {
                runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        long size = sizeMib * 1024L * 1024L;
        string work = Directory.CreateTempSubdirectory("emu-bench-nbd-").FullName;
        try
        {
            string source = Path.Combine(work, "source.img");
            WriteRandomImage(source, size);
            string emuRead = Copy(source, Path.Combine(work, "emu-read.img"));
            string qemuRead = Copy(source, Path.Combine(work, "qemu-read.img"));
            string emuWrite = Copy(source, Path.Combine(work, "emu-write.img"));
            string qemuWrite = Copy(source, Path.Combine(work, "qemu-write.img"));
            string input = Path.Combine(work, "input.img");
            WriteRandomImage(input, size);

            int qemuPort = FreePort();
            string qmpPath = Path.Combine(work, "qmp.sock");
            using Process qemu = StartQemu(qmpPath, qemuRead, qemuWrite);
            try
            {
                using QmpClient qmp = new(qmpPath, TimeSpan.FromSeconds(20));
                qmp.Execute("nbd-server-start", new JsonObject
                {
                    ["addr"] = new JsonObject
                    {
                        ["type"] = "inet",
                        ["data"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = qemuPort.ToString(CultureInfo.InvariantCulture) },
                    },
                });
                qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "d0" });
                qmp.Execute("nbd-server-add", new JsonObject { ["device"] = "w", ["writable"] = true });

                await using NbdServer server = new();
                server.Start(NbdEndpoint.Inet("127.0.0.1", "0"));
                int emuPort = ((IPEndPoint)server.LocalEndPoint!).Port;
                using IBlockBackend readImage = BlockImage.Open(emuRead, new BlockOpenOptions { Format = "raw", ReadOnly = true, Locking = false });
                using IBlockBackend writeImage = BlockImage.Open(emuWrite, new BlockOpenOptions { Format = "raw", Locking = false });
                server.AddExport("d0", readImage, writable: false);
                server.AddExport("w", writeImage, writable: true);

                Console.WriteLine($"image {sizeMib} MiB, {runs} paired runs, nbdcopy {Version()}");
                Console.WriteLine("run   emu-read  qemu-read  emu-write  qemu-write   (MB/s)");
                List<double> er = new(), qr = new(), ew = new(), qw = new();
                Time($"nbd://127.0.0.1:{emuPort}/d0", "/dev/null");
                Time($"nbd://127.0.0.1:{qemuPort}/d0", "/dev/null");
                for (int run = 1; run <= runs; run++)
                {
                    er.Add(size / Time($"nbd://127.0.0.1:{emuPort}/d0", "/dev/null") / 1e6);
                    qr.Add(size / Time($"nbd://127.0.0.1:{qemuPort}/d0", "/dev/null") / 1e6);
                    ew.Add(size / Time(input, $"nbd://127.0.0.1:{emuPort}/w") / 1e6);
                    qw.Add(size / Time(input, $"nbd://127.0.0.1:{qemuPort}/w") / 1e6);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run,3} {er[^1],10:F0} {qr[^1],10:F0} {ew[^1],10:F0} {qw[^1],11:F0}"));
                }

                // Allocation on Emu's side for one more copy each way (the process also spawns nbdcopy).
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Time($"nbd://127.0.0.1:{emuPort}/d0", "/dev/null");
                long afterRead = GC.GetTotalAllocatedBytes(precise: true);
                Time(input, $"nbd://127.0.0.1:{emuPort}/w");
                long afterWrite = GC.GetTotalAllocatedBytes(precise: true);
                long requests = size / (256 * 1024);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"emu allocations: read copy {(afterRead - before) / 1024} KiB, write copy {(afterWrite - afterRead) / 1024} KiB (about {requests} requests of 256 KiB each, plus starting nbdcopy)"));

                double readRatio = Median(er) / Median(qr);
                double writeRatio = Median(ew) / Median(qw);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median {Median(er),7:F0} {Median(qr),10:F0} {Median(ew),10:F0} {Median(qw),11:F0}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio emu/qemu: read {readRatio:F2}, write {writeRatio:F2}"));
                qmp.Execute("quit");
            }
            finally
            {
                if (!qemu.WaitForExit(5000))
                {
                    qemu.Kill();
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Seconds one nbdcopy takes.</summary>
    private static double Time(string from, string to)
    {
        Stopwatch watch = Stopwatch.StartNew();
        Run("nbdcopy", from, to);
        return watch.Elapsed.TotalSeconds;
    }

    private static string Version() => Run("nbdcopy", "--version").Split('\n')[0].Trim();

    private static string Run(string program, params string[] arguments)
    {
        ProcessStartInfo start = new(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {errors}");
        }

        return output;
    }

    private static Process StartQemu(string qmpPath, string readImage, string writeImage)
    {
        ProcessStartInfo start = new("qemu-system-i386") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            "-machine", "pc", "-nodefaults", "-display", "none", "-S", "-qmp", $"unix:{qmpPath},server=on,wait=off",
            "-drive", $"file={readImage},if=none,id=d0,format=raw,readonly=on",
            "-drive", $"file={writeImage},if=none,id=w,format=raw",
        })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static void WriteRandomImage(string path, long size)
    {
        byte[] block = new byte[1024 * 1024];
        Random random = new(42);
        using FileStream stream = new(path, FileMode.Create, FileAccess.Write);
        for (long done = 0; done < size; done += block.Length)
        {
            random.NextBytes(block);
            stream.Write(block);
        }
    }

    private static string Copy(string from, string to)
    {
        File.Copy(from, to);
        return to;
    }

    private static int FreePort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
