using Emu.Core.Memory;

namespace Emu.Bios.Firmware;

/// <summary>
/// A raw firmware image given with <c>-bios FILE</c>, mapped as QEMU's <c>pc</c> machine maps
/// <c>bios.bin</c> (hw/i386/x86.c <c>x86_bios_rom_init</c>): the whole image ends at 4 GiB, and
/// its last 128 KiB (or all of it, if smaller) also ends at 1 MiB, so the CPU's first fetch at
/// F000:FFF0 reaches the image's reset vector. No BIOS services are provided.
/// </summary>
public static class ExternalFirmware
{
    private const int IsaWindow = 128 * 1024;

    /// <summary>Maps <paramref name="image"/>; throws <see cref="ArgumentException"/> with QEMU's words when its size is unusable.</summary>
    public static void Map(PhysicalMemory memory, ReadOnlySpan<byte> image, string fileName)
    {
        // QEMU requires a non-empty multiple of 64 KiB ("could not load PC BIOS").
        if (image.Length == 0 || image.Length % 0x10000 != 0 || image.Length > 16 << 20)
        {
            throw new ArgumentException($"could not load PC BIOS '{fileName}'");
        }

        int isaSize = Math.Min(image.Length, IsaWindow);
        memory.MapRom(0x10_0000u - (uint)isaSize, image[^isaSize..]);
        memory.MapRom((uint)(0x1_0000_0000L - image.Length), image);
    }
}
