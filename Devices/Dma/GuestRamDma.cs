using Emu.Core.Memory;

namespace Emu.Devices.Dma;

/// <summary>
/// <see cref="IDmaMemory"/> over the machine's <see cref="PhysicalMemory"/>: every page of a
/// transfer is checked to be plain RAM (not a ROM or MMIO window, not past the end of RAM) before a
/// byte moves, so a guest-programmed address can only ever touch the guest's own RAM. Decoded code
/// in written pages is dropped, so a guest that runs what a floppy read loaded sees the new bytes.
/// </summary>
public sealed class GuestRamDma : IDmaMemory
{
    private readonly PhysicalMemory _memory;

    public GuestRamDma(PhysicalMemory memory)
    {
        _memory = memory;
    }

    public void Read(uint address, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int chunk = ChunkInPage(address, destination.Length);
            Span<byte> part = destination[..chunk];
            if (IsRam(address))
            {
                _memory.Ram.Slice((int)address, chunk).CopyTo(part);
            }
            else
            {
                part.Fill(0xFF);
            }

            destination = destination[chunk..];
            address += (uint)chunk;
        }
    }

    public void Write(uint address, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            int chunk = ChunkInPage(address, source.Length);
            if (IsRam(address))
            {
                source[..chunk].CopyTo(_memory.RamForWrite(address, chunk));
            }

            source = source[chunk..];
            address += (uint)chunk;
        }
    }

    /// <summary>How many of <paramref name="length"/> bytes from <paramref name="address"/> lie in its 4 KiB page (at least 1).</summary>
    private static int ChunkInPage(uint address, int length)
    {
        uint left = PhysicalMemory.PageSize - (address & (PhysicalMemory.PageSize - 1));
        return (int)Math.Min(left, (uint)length);
    }

    private bool IsRam(uint address) =>
        address < (uint)_memory.RamSize && _memory.RegionOfPage(address >> PhysicalMemory.PageShift) == 0;
}
