namespace Emu.Monitor.Nbd;

/// <summary>A run of a READ reply: data to send, or a hole that reads as zeroes.</summary>
internal struct NbdExtent
{
    public long Offset;
    public long Length;
    public bool Zero;
}
