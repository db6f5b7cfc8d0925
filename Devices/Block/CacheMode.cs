namespace Emu.Devices.Block;

/// <summary>
/// QEMU's <c>cache=</c> modes, as far as they change flushing. Emu always goes through the host
/// page cache; what differs is when data is made durable.
/// </summary>
public enum CacheMode
{
    /// <summary>Flush makes data durable; writes complete once in the host cache (QEMU default).</summary>
    Writeback,

    /// <summary>Every write is durable before it completes.</summary>
    Writethrough,

    /// <summary>QEMU bypasses the host cache (O_DIRECT); Emu flushes as with writeback.</summary>
    None,

    /// <summary>Like writethrough (QEMU: O_DIRECT plus O_DSYNC).</summary>
    DirectSync,

    /// <summary>Flush requests are ignored.</summary>
    Unsafe,
}
