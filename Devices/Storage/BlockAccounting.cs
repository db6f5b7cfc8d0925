using System.Diagnostics;

namespace Emu.Devices.Storage;

/// <summary>
/// A drive's I/O statistics as its device issued them (QEMU block/accounting.c, the BlockBackend's
/// BlockAcctStats that query-blockstats reports): bytes, operations and latency per request kind,
/// failed requests (the backend reported an error) and invalid ones (refused before reaching the
/// backend, such as an out-of-range sector). As in QEMU, a failed or invalid request also counts
/// as an access for the idle time, and a failed one adds its latency. Updated on the machine
/// thread by the device models and read there by the monitor; nothing allocates.
/// </summary>
public sealed class BlockAccounting
{
    private readonly long[] _bytes = new long[3];
    private readonly long[] _operations = new long[3];
    private readonly long[] _failed = new long[3];
    private readonly long[] _invalid = new long[3];
    private readonly long[] _totalTicks = new long[3];

    /// <summary><see cref="Stopwatch"/> ticks of the last accounted request's end, 0 before any.</summary>
    public long LastAccess { get; private set; }

    /// <summary>A timestamp to pass to <see cref="Done"/> or <see cref="Failed"/> when the request ends.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>A request of <paramref name="bytes"/> that completed (QEMU block_acct_done).</summary>
    public void Done(BlockIoKind kind, long bytes, long started)
    {
        _bytes[(int)kind] += bytes;
        _operations[(int)kind]++;
        End(kind, started);
    }

    /// <summary>A request the backend failed (QEMU block_acct_failed with account_failed on).</summary>
    public void Failed(BlockIoKind kind, long started)
    {
        _failed[(int)kind]++;
        End(kind, started);
    }

    /// <summary>A request refused before it reached the backend (QEMU block_acct_invalid with account_invalid on).</summary>
    public void Invalid(BlockIoKind kind)
    {
        _invalid[(int)kind]++;
        LastAccess = Stopwatch.GetTimestamp();
    }

    public long Bytes(BlockIoKind kind) => _bytes[(int)kind];

    public long Operations(BlockIoKind kind) => _operations[(int)kind];

    public long FailedOperations(BlockIoKind kind) => _failed[(int)kind];

    public long InvalidOperations(BlockIoKind kind) => _invalid[(int)kind];

    public long TotalTimeNs(BlockIoKind kind) => (long)(_totalTicks[(int)kind] * (1e9 / Stopwatch.Frequency));

    /// <summary>Nanoseconds since the last accounted request, or null before any (QEMU omits idle_time_ns then).</summary>
    public long? IdleTimeNs => LastAccess == 0 ? null : (long)Stopwatch.GetElapsedTime(LastAccess).TotalNanoseconds;

    private void End(BlockIoKind kind, long started)
    {
        long now = Stopwatch.GetTimestamp();
        _totalTicks[(int)kind] += now - started;
        LastAccess = now;
    }
}
