namespace Emu.Devices.Dma;

/// <summary>
/// A device on an ISA DMA channel (QEMU's <c>IsaDmaTransferHandler</c>): while it holds DREQ and the
/// channel is unmasked, the controller calls <see cref="Transfer"/> with the channel's progress, and
/// the device moves bytes through <see cref="IsaDma.ReadMemory"/>/<see cref="IsaDma.WriteMemory"/>.
/// </summary>
public interface IIsaDmaClient
{
    /// <summary>
    /// Moves bytes for channel <paramref name="channel"/> (0-7), from <paramref name="position"/>
    /// (bytes done so far) up to <paramref name="length"/> (the programmed count); returns the new position.
    /// </summary>
    int Transfer(int channel, int position, int length);
}
