namespace Emu.Devices.Block;

/// <summary>What a range of an image holds, in NBD <c>base:allocation</c> terms.</summary>
[Flags]
public enum BlockStatus
{
    /// <summary>Allocated data.</summary>
    Data = 0,

    /// <summary>Not allocated in this image or its backing chain (NBD_STATE_HOLE).</summary>
    Hole = 1,

    /// <summary>Reads as zeroes (NBD_STATE_ZERO).</summary>
    Zero = 2,
}
