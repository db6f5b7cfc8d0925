namespace Emu.Devices.Block;

[Flags]
public enum ZeroFlags
{
    None = 0,

    /// <summary>The range may be deallocated instead of written (NBD: absence of NO_HOLE).</summary>
    MayUnmap = 1,

    /// <summary>Fail with <see cref="BlockError.NotSupported"/> rather than write zeroes slowly (NBD FAST_ZERO).</summary>
    FastOnly = 2,
}
