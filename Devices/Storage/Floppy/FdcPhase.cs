namespace Emu.Devices.Storage.Floppy;

/// <summary>The controller's phase (82078 datasheet 5.0 "Controller phases"; QEMU <c>FD_PHASE_*</c>).</summary>
public enum FdcPhase : byte
{
    /// <summary>The host writes the command byte and its parameters into the FIFO.</summary>
    Command = 1,

    /// <summary>Data moves (by DMA, or through the FIFO in non-DMA mode).</summary>
    Execution = 2,

    /// <summary>The host reads the result bytes.</summary>
    Result = 3,
}
