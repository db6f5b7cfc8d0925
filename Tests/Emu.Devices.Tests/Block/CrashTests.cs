using System.Diagnostics;
using System.Globalization;
using Emu.BlockCrashWriter;
using Emu.Devices.Block;

namespace Emu.Devices.Tests.Block;

/// <summary>
/// kill -9 of a writer at random points never leaves an image qemu-img calls corrupt (leaks are
/// allowed), and every write acknowledged before a completed flush reads back.
/// </summary>
public sealed class CrashTests
{
    private const long Size = 16L * 1024 * 1024;

    [Fact]
    public void KilledWriterLeavesConsistentImages()
    {
        using TempDirectory dir = new();
        Random random = new(20240611);
        string writer = Path.Combine(AppContext.BaseDirectory, "Emu.BlockCrashWriter.dll");
        for (int kill = 0; kill < 22; kill++)
        {
            string image = dir.File($"crash{kill}.qcow2");
            string compat = kill % 2 == 0 ? "1.1" : "0.10";
            int cluster = kill % 3 == 0 ? 65536 : 4096;
            QemuTools.Img("create", "-q", "-f", "qcow2", "-o", $"compat={compat},cluster_size={cluster}", image, Size.ToString(CultureInfo.InvariantCulture));
            int seed = random.Next();
            int flushedSteps = RunAndKill(writer, image, seed, random.Next(50, 700));

            (int exit, string report, string error) = QemuTools.Run("qemu-img", "check", "--output=json", image);
            Assert.True(exit is 0 or 3, $"kill {kill}: qemu-img check exited {exit}: {report}{error}");
            Assert.DoesNotContain("\"corruptions\"", report);

            using IBlockBackend disk = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2", ReadOnly = true });
            byte[] contents = new byte[Size];
            disk.Read(0, contents);
            Verify(contents, seed, flushedSteps, kill);
        }
    }

    /// <summary>Starts the writer, waits for READY, kills it after <paramref name="delayMs"/>, returns the step count of the last completed flush seen.</summary>
    private static int RunAndKill(string writer, string image, int seed, int delayMs)
    {
        ProcessStartInfo info = new("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string a in new[] { writer, image, seed.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        int flushed = 0;
        using ManualResetEventSlim ready = new();
        StreamReader output = p.StandardOutput;
        Thread reader = new(() =>
        {
            // The reader outlives a failed assertion below; once the process and the event are
            // disposed it must end quietly instead of taking the test host down.
            try
            {
                while (output.ReadLine() is string line)
                {
                    if (line == "READY")
                    {
                        ready.Set();
                    }
                    else if (line.StartsWith("FLUSHED ", StringComparison.Ordinal))
                    {
                        Volatile.Write(ref flushed, int.Parse(line.AsSpan(8), CultureInfo.InvariantCulture));
                    }
                }

                ready.Set();
            }
            catch (ObjectDisposedException)
            {
            }
        })
        { IsBackground = true };
        reader.Start();
        Assert.True(ready.Wait(TimeSpan.FromSeconds(120)), "writer did not start");
        Assert.False(p.HasExited, "writer exited early");
        Thread.Sleep(delayMs);
        Assert.False(p.HasExited, "writer stopped by itself");

        // The last flush seen before the kill: a line read later only proves more.
        int seen = Volatile.Read(ref flushed);
        p.Kill();
        Assert.True(p.WaitForExit(60_000), "writer did not die");
        Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the writer's output did not end");
        return seen;
    }

    /// <summary>Each sector holds the last flushed value, or the value of some later step that covered it.</summary>
    private static void Verify(byte[] contents, int seed, int flushedSteps, int kill)
    {
        int sectors = (int)(Size / CrashPlan.SectorSize);
        int[] durable = new int[sectors];
        List<CrashPlan.Step> later = [];
        int index = 0;
        foreach (CrashPlan.Step step in CrashPlan.Steps(seed, Size))
        {
            if (index < flushedSteps)
            {
                if (step.Kind is CrashPlan.Kind.Write or CrashPlan.Kind.Zero)
                {
                    Array.Fill(durable, step.Tag, (int)(step.Offset / CrashPlan.SectorSize), step.Length / CrashPlan.SectorSize);
                }
            }
            else if (index < flushedSteps + 200_000)
            {
                later.Add(step);
            }
            else
            {
                break;
            }

            index++;
        }

        bool[] zeroedLater = new bool[sectors];
        foreach (CrashPlan.Step step in later)
        {
            if (step.Kind == CrashPlan.Kind.Zero)
            {
                Array.Fill(zeroedLater, true, (int)(step.Offset / CrashPlan.SectorSize), step.Length / CrashPlan.SectorSize);
            }
        }

        byte[] expected = new byte[CrashPlan.SectorSize];
        for (int s = 0; s < sectors; s++)
        {
            ReadOnlySpan<byte> actual = contents.AsSpan(s * CrashPlan.SectorSize, CrashPlan.SectorSize);
            int tag = BitConverter.ToInt32(actual);
            CrashPlan.FillSector(expected, tag);
            Assert.True(actual.SequenceEqual(expected), $"kill {kill}: sector {s} is not one write's data");
            if (tag == durable[s])
            {
                continue;
            }

            long offset = (long)s * CrashPlan.SectorSize;
            int laterIndex = tag - 1 - flushedSteps;
            bool coveredLater = tag == 0
                ? zeroedLater[s]
                : laterIndex >= 0 && laterIndex < later.Count && later[laterIndex].Kind == CrashPlan.Kind.Write
                    && later[laterIndex].Offset <= offset && offset < later[laterIndex].Offset + later[laterIndex].Length;
            Assert.True(coveredLater, $"kill {kill}: sector {s} holds tag {tag}, but the last flushed write left {durable[s]} (flushed steps {flushedSteps})");
        }
    }
}
