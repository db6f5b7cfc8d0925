namespace Emu.Devices.Block;

/// <summary>QEMU's <c>discard=</c>: whether guest/NBD discards free space (default ignore).</summary>
public enum DiscardMode
{
    Ignore,
    Unmap,
}
