using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Emu.Devices.Block;

namespace Emu.Bench.Block;

/// <summary>
/// Emu's block layer against <c>qemu-img bench</c> on the same images in the same run: for raw
/// and qcow2, sequential 1 MiB and strided 4 KiB (<c>-S</c>) reads and writes, with the same
/// request count, queue depth (<c>-d</c>) and cache mode (<c>-t</c>). Prints MB/s for both and the
/// ratio, each the median of three runs.
/// Usage: Emu.Bench.Block [--dir DIR] [--size MiB] [--quick]
/// </summary>
public static partial class Program
{
    private const int Depth = 1;
    private const string Cache = "writeback";

    public static int Main(string[] args)
    {
        string dir = Path.Combine(Path.GetTempPath(), "emu-bench-block");
        long sizeMiB = 256;
        bool quick = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dir":
                    dir = args[++i];
                    break;
                case "--size":
                    sizeMiB = long.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--quick":
                    quick = true;
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        Directory.CreateDirectory(dir);
        long size = sizeMiB << 20;
        int seqCount = quick ? 64 : (int)sizeMiB * 2;
        int strideCount = quick ? 2000 : 50_000;
        Console.WriteLine($"image {sizeMiB} MiB, queue depth {Depth}, cache {Cache}, median of 3");
        Console.WriteLine($"{"format",-6} {"test",-22} {"requests",9} {"qemu-img MB/s",14} {"emu MB/s",10} {"ratio",7}");
        foreach (string format in new[] { "raw", "qcow2" })
        {
            string image = Path.Combine(dir, "bench." + format);
            Prepare(image, format, size);
            Row(format, image, "seq read 1M", seqCount, 1 << 20, 1 << 20, write: false, size);
            Row(format, image, "seq write 1M", seqCount, 1 << 20, 1 << 20, write: true, size);
            Row(format, image, "4k read stride 64k", strideCount, 4096, 65536, write: false, size);
            Row(format, image, "4k write stride 64k", strideCount, 4096, 65536, write: true, size);
            File.Delete(image);
        }

        return 0;
    }

    private static void Prepare(string image, string format, long size)
    {
        Run("qemu-img", "create", "-q", "-f", format, image, size.ToString(CultureInfo.InvariantCulture));
        // Fill every cluster so reads and writes hit allocated data on both sides.
        Run("qemu-img", "bench", "-q", "-w", "-f", format, "-c", (size >> 20).ToString(CultureInfo.InvariantCulture), "-s", "1M", "-d", "4", "--pattern=90", image);
    }

    private static void Row(string format, string image, string name, int count, int bufferSize, int step, bool write, long size)
    {
        double[] qemu = new double[3];
        double[] emu = new double[3];
        for (int r = 0; r < 3; r++)
        {
            qemu[r] = QemuImgBench(format, image, count, bufferSize, step, write);
            emu[r] = EmuBench(format, image, count, bufferSize, step, write, size);
        }

        Array.Sort(qemu);
        Array.Sort(emu);
        double bytes = (double)count * bufferSize;
        double q = bytes / qemu[1] / 1e6;
        double e = bytes / emu[1] / 1e6;
        Console.WriteLine($"{format,-6} {name,-22} {count,9} {q,14:F1} {e,10:F1} {e / q,6:F2}x");
    }

    /// <summary>Seconds qemu-img bench reports for the run.</summary>
    private static double QemuImgBench(string format, string image, int count, int bufferSize, int step, bool write)
    {
        List<string> args = ["bench", "-f", format, "-c", count.ToString(CultureInfo.InvariantCulture), "-d", Depth.ToString(CultureInfo.InvariantCulture),
            "-s", bufferSize.ToString(CultureInfo.InvariantCulture), "-S", step.ToString(CultureInfo.InvariantCulture), "-t", Cache];
        if (write)
        {
            args.Add("-w");
        }

        args.Add(image);
        string output = Run("qemu-img", [.. args]);
        Match m = Completed().Match(output);
        if (!m.Success)
        {
            throw new InvalidOperationException("unexpected qemu-img bench output: " + output);
        }

        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The same requests through Emu's backend: <paramref name="count"/> requests of
    /// <paramref name="bufferSize"/> bytes, each <paramref name="step"/> bytes after the last,
    /// wrapping at the end of the image as qemu-img bench does.
    /// </summary>
    private static double EmuBench(string format, string image, int count, int bufferSize, int step, bool write, long size)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(bufferSize, pinned: true);
        buffer.AsSpan().Fill(0xA5);
        using IBlockBackend disk = BlockImage.Open(image, new BlockOpenOptions { Format = format, Cache = CacheMode.Writeback });
        Stopwatch watch = Stopwatch.StartNew();
        long offset = 0;
        for (int i = 0; i < count; i++)
        {
            if (offset + bufferSize > size)
            {
                offset = 0;
            }

            if (write)
            {
                disk.Write(offset, buffer);
            }
            else
            {
                disk.Read(offset, buffer);
            }

            offset += step;
        }

        // qemu-img bench stops its clock when the last request completes; the flush at close is outside it.
        double seconds = watch.Elapsed.TotalSeconds;
        if (write)
        {
            disk.Flush();
        }

        return seconds;
    }

    private static string Run(string program, params string[] args)
    {
        ProcessStartInfo info = new(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {error}");
        }

        return output;
    }

    [GeneratedRegex(@"Run completed in ([0-9.]+) seconds")]
    private static partial Regex Completed();
}
