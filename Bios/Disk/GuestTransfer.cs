using Emu.Core.Memory;
using Emu.Devices.Block;

namespace Emu.Bios.Disk;

/// <summary>
/// Moves sectors between a block backend and guest memory. When the buffer is plain RAM the
/// backend reads or writes the RAM span itself (no copy, no array per call); otherwise (ROM,
/// a device window, an A20 wrap) it goes through a stack buffer and the memory bus. Writes into
/// RAM are reported through <see cref="PhysicalMemory.NotifyRamChanged"/> so decoded code there is dropped.
/// </summary>
public static class GuestTransfer
{
    private const int Chunk = 512;

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/> into guest memory at <paramref name="address"/>.</summary>
    public static void Read(IBlockBackend backend, long offset, PhysicalMemory memory, uint address, int length)
    {
        if (IsPlainRam(memory, address, length))
        {
            backend.Read(offset, memory.Ram.Slice((int)address, length));
            memory.NotifyRamChanged(address, length);
            return;
        }

        Span<byte> buffer = stackalloc byte[Chunk];
        for (int done = 0; done < length; done += Chunk)
        {
            int n = Math.Min(Chunk, length - done);
            backend.Read(offset + done, buffer[..n]);
            memory.WriteBlock(address + (uint)done, buffer[..n]);
        }
    }

    /// <summary>Writes <paramref name="length"/> bytes of guest memory at <paramref name="address"/> to the backend at <paramref name="offset"/>.</summary>
    public static void Write(IBlockBackend backend, long offset, PhysicalMemory memory, uint address, int length)
    {
        if (IsPlainRam(memory, address, length))
        {
            backend.Write(offset, memory.Ram.Slice((int)address, length));
            return;
        }

        Span<byte> buffer = stackalloc byte[Chunk];
        for (int done = 0; done < length; done += Chunk)
        {
            int n = Math.Min(Chunk, length - done);
            memory.ReadBlock(address + (uint)done, buffer[..n]);
            backend.Write(offset + done, buffer[..n]);
        }
    }

    /// <summary>True when every byte of the range is RAM, untouched by windows and by the A20 wrap.</summary>
    public static bool IsPlainRam(PhysicalMemory memory, uint address, int length)
    {
        ulong end = (ulong)address + (ulong)length;
        if (length <= 0 || end > (ulong)memory.RamSize)
        {
            return false;
        }

        // With A20 off an address with bit 20 set lands elsewhere; end - 1 < 2 MiB covers every byte then.
        if (!memory.A20Enabled && end > 0x10_0000)
        {
            return false;
        }

        for (uint page = address >> PhysicalMemory.PageShift; page <= (uint)((end - 1) >> PhysicalMemory.PageShift); page++)
        {
            if (memory.RegionOfPage(page) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
