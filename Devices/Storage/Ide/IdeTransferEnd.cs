namespace Emu.Devices.Storage.Ide;

/// <summary>
/// What a unit does when the guest has moved the last word of the current PIO data block, QEMU's
/// <c>end_transfer_func</c> saved as an index (its <c>transfer_end_table</c>), so a saved state
/// names the action rather than a code address.
/// </summary>
public enum IdeTransferEnd
{
    /// <summary>No more data: the command is over (also IDENTIFY's single block).</summary>
    Stop,

    /// <summary>READ SECTORS / READ MULTIPLE: fetch the next block or finish.</summary>
    SectorRead,

    /// <summary>WRITE SECTORS / WRITE MULTIPLE: store the block just received.</summary>
    SectorWrite,

    /// <summary>PACKET: the 12-byte command packet has arrived.</summary>
    AtapiPacket,

    /// <summary>PACKET data-in: the next DRQ block of the reply or read data, or completion.</summary>
    AtapiReply,
}
