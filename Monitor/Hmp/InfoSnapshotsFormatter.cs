using System.Globalization;
using System.Text;
using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.Monitor.Hmp;

/// <summary>
/// HMP <c>info snapshots</c> (QEMU hmp_info_snapshots, bdrv_snapshot_dump; spec qmp.md 5.21). A
/// snapshot is listed as present on all disks only when every writable drive has one of that
/// name; a writable raw drive therefore makes every snapshot partial.
/// </summary>
public static class InfoSnapshotsFormatter
{
    public static string Format(IReadOnlyList<BlockDrive> drives)
    {
        List<(BlockDrive Drive, IInternalSnapshots Image)> capable = new();
        List<IBlockBackend> writable = new();
        foreach (BlockDrive drive in drives)
        {
            if (drive.Medium is { IsReadOnly: false } medium)
            {
                writable.Add(medium);
                if (medium is IInternalSnapshots snapshots)
                {
                    capable.Add((drive, snapshots));
                }
            }
        }

        if (capable.Count == 0)
        {
            return "no block device can store vmstate for snapshot\n";
        }

        IReadOnlyList<SnapshotInfo> vmstateList = capable[0].Image.ListSnapshots();
        List<(string Device, List<SnapshotInfo> Snapshots)> images = new();
        foreach ((BlockDrive drive, IInternalSnapshots image) in capable)
        {
            List<SnapshotInfo> list = image.ListSnapshots().ToList();
            if (list.Count > 0)
            {
                images.Add((drive.Id, list));
            }
        }

        if (images.Count == 0)
        {
            return "There is no snapshot available.\n";
        }

        List<SnapshotInfo> global = new();
        foreach (SnapshotInfo s in vmstateList)
        {
            if (writable.All(m => m is IInternalSnapshots i && i.ListSnapshots().Any(o => o.Name == s.Name)))
            {
                global.Add(s);
                foreach ((string _, List<SnapshotInfo> list) in images)
                {
                    list.RemoveAll(o => o.Name == s.Name);
                }
            }
        }

        StringBuilder sb = new();
        sb.Append("List of snapshots present on all disks:\n");
        if (global.Count > 0)
        {
            sb.Append(Header()).Append('\n');
            foreach (SnapshotInfo s in global)
            {
                sb.Append(Row(s with { Id = "--" })).Append('\n');
            }
        }
        else
        {
            sb.Append("None\n");
        }

        foreach ((string device, List<SnapshotInfo> list) in images)
        {
            if (list.Count == 0)
            {
                continue;
            }

            sb.Append("\nList of partial (non-loadable) snapshots on '").Append(device).Append("':\n");
            sb.Append(Header()).Append('\n');
            foreach (SnapshotInfo s in list)
            {
                sb.Append(Row(s)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>QEMU's <c>%-9s %-16s %8s%20s%13s%11s</c> header.</summary>
    public static string Header() => Layout("ID", "TAG", "VM SIZE", "DATE", "VM CLOCK", "ICOUNT");

    public static string Row(SnapshotInfo s)
    {
        string date = DateTimeOffset.FromUnixTimeSeconds(s.DateSeconds).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        long secs = s.VmClockNanoseconds / 1_000_000_000;
        string clock = string.Format(
            CultureInfo.InvariantCulture,
            "{0:00}:{1:00}:{2:00}.{3:000}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60,
            (s.VmClockNanoseconds / 1_000_000) % 1000);
        string icount = s.InstructionCount is { } n ? n.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return Layout(s.Id, s.Name, SizeToString(s.VmStateSize), date, clock, icount);
    }

    private static string Layout(string id, string tag, string size, string date, string clock, string icount) =>
        id.PadRight(9) + " " + tag.PadRight(16) + " " + size.PadLeft(8) + date.PadLeft(20) + clock.PadLeft(13) + icount.PadLeft(11);

    /// <summary>QEMU size_to_str: <c>%0.3g</c> of the value in the largest binary unit below it.</summary>
    public static string SizeToString(long value)
    {
        string[] suffixes = { string.Empty, "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
        int exponent = value == 0 ? 0 : (int)Math.Floor(Math.Log2(value / (1000.0 / 1024.0))) + 1;
        int i = Math.Clamp((exponent - 1) / 10, 0, suffixes.Length - 1);
        double scaled = value / (double)(1L << (i * 10));
        return FormatG3(scaled) + " " + suffixes[i] + "B";
    }

    private static string FormatG3(double v)
    {
        if (v == 0)
        {
            return "0";
        }

        string s = v.ToString("G3", CultureInfo.InvariantCulture);
        return s.Contains('E', StringComparison.Ordinal) ? v.ToString("0", CultureInfo.InvariantCulture) : s;
    }
}
