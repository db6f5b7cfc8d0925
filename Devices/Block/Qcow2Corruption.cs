namespace Emu.Devices.Block;

/// <summary>
/// Errors for impossible metadata met during I/O (qcow2.md §5.4). They are tagged so the image
/// can set the corrupt bit when it is writable, as QEMU does, and fail the request with EIO.
/// </summary>
internal static class Qcow2Corruption
{
    private const string Tag = "qcow2-corruption";

    public static BlockException Error(string reason)
    {
        BlockException e = new(BlockError.Io, $"qcow2: Image is corrupt: {reason}") { Reason = reason };
        e.Data[Tag] = true;
        return e;
    }

    public static bool Is(BlockException e) => e.Data.Contains(Tag);
}
