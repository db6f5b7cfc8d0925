namespace Emu.Monitor.Nbd;

/// <summary>The NBD server's explicit limits; the values are QEMU 7.2's (<c>include/block/nbd.h</c>).</summary>
public static class NbdServerLimits
{
    /// <summary>NBD_MAX_BUFFER_SIZE: largest READ/WRITE/CACHE length and largest option payload.</summary>
    public const int MaxPayload = 32 * 1024 * 1024;

    /// <summary>NBD_MAX_STRING_SIZE: export names, descriptions and meta context queries.</summary>
    public const int MaxString = 4096;

    /// <summary>Requests one connection may have in flight (QEMU's MAX_NBD_REQUESTS).</summary>
    public const int MaxRequestsInFlight = 16;

    /// <summary>Most extents in one BLOCK_STATUS chunk (1 MiB of extent descriptors, as QEMU).</summary>
    public const int MaxExtents = 131072;

    /// <summary>Most chunks one sparse READ reply is split into; the rest of the range goes as data.</summary>
    public const int MaxReadChunks = 64;

    /// <summary>Export names longer than this are cut (with "...") in error messages, as QEMU's nbd_sanitize_name.</summary>
    public const int SanitizedNameLength = 80;
}
