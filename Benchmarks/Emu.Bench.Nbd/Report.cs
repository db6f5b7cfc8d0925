using System.Globalization;

namespace Emu.Bench.Nbd;

/// <summary>The samples of every run, printed as Markdown tables: per run, then the medians and the Emu/QEMU ratio.</summary>
internal sealed class Report
{
    private readonly long _bytes;
    private readonly List<CopySample> _emuRead = [];
    private readonly List<CopySample> _qemuRead = [];
    private readonly List<CopySample> _emuWrite = [];
    private readonly List<CopySample> _qemuWrite = [];

    public Report(long bytes)
    {
        _bytes = bytes;
    }

    public void Add(CopySample emuRead, CopySample qemuRead, CopySample emuWrite, CopySample qemuWrite)
    {
        _emuRead.Add(emuRead);
        _qemuRead.Add(qemuRead);
        _emuWrite.Add(emuWrite);
        _qemuWrite.Add(qemuWrite);
    }

    /// <summary>MB/s of each copy of every run so far.</summary>
    public void PrintRuns(TextWriter output)
    {
        output.WriteLine("| run | Emu read MB/s | QEMU read MB/s | Emu write MB/s | QEMU write MB/s |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        for (int i = 0; i < _emuRead.Count; i++)
        {
            output.WriteLine(Invariant($"| {i + 1} | {Rate(_emuRead[i]):F0} | {Rate(_qemuRead[i]):F0} | {Rate(_emuWrite[i]):F0} | {Rate(_qemuWrite[i]):F0} |"));
        }
    }

    /// <summary>The medians: throughput, Emu/QEMU ratio, and the exporting process's CPU seconds per copy.</summary>
    public void PrintMedians(TextWriter output)
    {
        output.WriteLine("| copy | Emu MB/s | QEMU MB/s | Emu/QEMU | Emu CPU s | QEMU CPU s |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        PrintMedian(output, "read: export → /dev/null", _emuRead, _qemuRead);
        PrintMedian(output, "write: file → writable export", _emuWrite, _qemuWrite);
    }

    private void PrintMedian(TextWriter output, string name, List<CopySample> emu, List<CopySample> qemu)
    {
        double emuRate = Median(emu.Select(Rate));
        double qemuRate = Median(qemu.Select(Rate));
        double emuCpu = Median(emu.Select(s => s.ServerCpuSeconds));
        double qemuCpu = Median(qemu.Select(s => s.ServerCpuSeconds));
        output.WriteLine(Invariant($"| {name} | {emuRate:F0} | {qemuRate:F0} | {emuRate / qemuRate:F2} | {emuCpu:F2} | {qemuCpu:F2} |"));
    }

    private double Rate(CopySample sample) => _bytes / sample.Seconds / 1e6;

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
