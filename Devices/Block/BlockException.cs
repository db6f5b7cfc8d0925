namespace Emu.Devices.Block;

/// <summary>A failed block operation, with its errno-style cause.</summary>
public sealed class BlockException : IOException
{
    public BlockException(BlockError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public BlockError Error { get; }

    /// <summary>
    /// For open failures, QEMU's text without the "Could not open 'x': " prefix (what
    /// <c>qemu-system</c> prints after "-drive ...: "); otherwise null.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>QEMU's second line, e.g. "Is another process using the image [x]?", or null.</summary>
    public string? Hint { get; init; }
}
