namespace Emu.Devices.Dma;

/// <summary>
/// Guest memory as a DMA engine on the ISA bus sees it: physical addresses, no A20 gate, and only
/// RAM behind it. A transfer never reaches ROM, MMIO or host memory outside the guest's RAM.
/// </summary>
public interface IDmaMemory
{
    /// <summary>Copies guest memory at <paramref name="address"/> into <paramref name="destination"/>; bytes outside RAM read FFh.</summary>
    void Read(uint address, Span<byte> destination);

    /// <summary>Copies <paramref name="source"/> to guest RAM at <paramref name="address"/>; bytes outside RAM are dropped.</summary>
    void Write(uint address, ReadOnlySpan<byte> source);
}
