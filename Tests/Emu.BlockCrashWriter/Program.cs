using Emu.Devices.Block;

namespace Emu.BlockCrashWriter;

/// <summary>
/// Writes to a qcow2 image following <see cref="CrashPlan"/> until killed, printing
/// "FLUSHED n" after each completed flush (n = steps done before it). Used by the kill -9 tests.
/// Usage: Emu.BlockCrashWriter IMAGE SEED [read] (read: open read-only and read everything, then exit).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string image = args[0];
        if (args.Length > 2 && args[2] == "read")
        {
            using IBlockBackend check = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2", ReadOnly = true });
            Console.WriteLine("opened");
            byte[] all = new byte[check.Length];
            check.Read(0, all);
            Console.WriteLine("read");
            return 0;
        }

        int seed = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        using IBlockBackend disk = BlockImage.Open(image, new BlockOpenOptions { Format = "qcow2", Discard = DiscardMode.Unmap });
        IInternalSnapshots snapshots = (IInternalSnapshots)disk;
        byte[] buffer = new byte[128 * CrashPlan.SectorSize];
        Console.Out.Flush();
        Console.WriteLine("READY");
        int done = 0;
        foreach (CrashPlan.Step step in CrashPlan.Steps(seed, disk.Length))
        {
            switch (step.Kind)
            {
                case CrashPlan.Kind.Write:
                    for (int s = 0; s < step.Length; s += CrashPlan.SectorSize)
                    {
                        CrashPlan.FillSector(buffer.AsSpan(s, CrashPlan.SectorSize), step.Tag);
                    }

                    disk.Write(step.Offset, buffer.AsSpan(0, step.Length));
                    break;
                case CrashPlan.Kind.Zero:
                    disk.WriteZeroes(step.Offset, step.Length, ZeroFlags.MayUnmap);
                    break;
                case CrashPlan.Kind.Flush:
                    disk.Flush();
                    Console.WriteLine($"FLUSHED {done}");
                    break;
                case CrashPlan.Kind.CreateSnapshot:
                    snapshots.CreateSnapshot("crash" + done, done, 0, 0);
                    break;
                default:
                    IReadOnlyList<SnapshotInfo> list = snapshots.ListSnapshots();
                    if (list.Count > 3)
                    {
                        snapshots.DeleteSnapshot(list[0].Id, null);
                    }

                    break;
            }

            done++;
        }

        return 0;
    }
}
