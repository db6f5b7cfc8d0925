using System.Diagnostics;

namespace Emu.Regress.Reports;

/// <summary>
/// Progress while cases run: on a terminal one live status line (done, running, failed, elapsed)
/// under the PASS/FAIL lines; otherwise plain lines only, one per finished case.
/// </summary>
public sealed class ProgressDisplay : IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _live;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _running = [];
    private readonly Timer? _timer;
    private int _done;
    private int _failed;

    public ProgressDisplay(TextWriter output, bool live, int total)
    {
        _out = output;
        _live = live;
        _total = total;
        _timer = live ? new Timer(_ => Redraw(), null, 1000, 1000) : null;
    }

    public void Started(string name)
    {
        lock (_running)
        {
            _running.Add(name);
            DrawStatus();
        }
    }

    public void Finished(string name, bool passed, TimeSpan duration, string? failure)
    {
        lock (_running)
        {
            _running.Remove(name);
            _done++;
            _failed += passed ? 0 : 1;
            ClearStatus();
            _out.WriteLine($"[{_done}/{_total}] {(passed ? "PASS" : "FAIL")} {name} ({duration.TotalSeconds:0.0} s){(failure is null ? string.Empty : ": " + failure)}");
            DrawStatus();
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_running)
        {
            ClearStatus();
        }
    }

    private void Redraw()
    {
        lock (_running)
        {
            DrawStatus();
        }
    }

    private void DrawStatus()
    {
        if (!_live)
        {
            return;
        }

        string running = string.Join(", ", _running);
        string line = $"{_done}/{_total} done, {_running.Count} running ({running}), {_failed} failed, {_clock.Elapsed:mm\\:ss} elapsed";
        int width = Console.IsOutputRedirected ? 200 : Math.Max(20, Console.WindowWidth - 1);
        _out.Write("\r\u001b[K" + (line.Length > width ? line[..width] : line));
        _out.Flush();
    }

    private void ClearStatus()
    {
        if (_live)
        {
            _out.Write("\r\u001b[K");
        }
    }
}
