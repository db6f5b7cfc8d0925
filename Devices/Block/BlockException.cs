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
}
