namespace Emu.Devices.Block;

/// <summary>
/// The end of the highest byte range written so far (QEMU's per-node <c>wr_highest_offset</c>,
/// raised in bdrv_co_write_req_finish after each successful write, zero write or discard). Safe
/// for the machine thread and server threads at once, without a lock or an allocation.
/// </summary>
public sealed class WriteHighWater
{
    private long _end;

    public long Value => Interlocked.Read(ref _end);

    public void Record(long offset, long length)
    {
        long end = offset + length;
        long seen = Interlocked.Read(ref _end);
        while (end > seen)
        {
            long before = Interlocked.CompareExchange(ref _end, end, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
