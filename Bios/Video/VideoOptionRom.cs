using Emu.Core.Memory;

namespace Emu.Bios.Video;

/// <summary>
/// The display card's option ROM as POST runs it (PCI Firmware 3.0 5.1; IBM PC/AT option ROM
/// layout): a 55h AAh signature, the length in 512-byte blocks at offset 2, the entry at offset 3,
/// and every byte of that length summing to zero. A video ROM lives at C0000h, the one address a
/// VGA BIOS may assume, and is entered by a far call to C000:0003 with AX = bus/devfn for a PCI
/// card (SeaBIOS <c>callrom</c>). QEMU gives its standard VGA SeaVGABIOS this way.
/// </summary>
public sealed class VideoOptionRom
{
    public const uint Base = 0xC0000;
    public const ushort Segment = 0xC000;
    public const ushort EntryOffset = 0x0003;

    /// <summary>Option ROMs live in C0000h-DFFFFh (SeaVGABIOS alone is 39 KiB, beyond the classic 32 KiB).</summary>
    public const int MaxLength = 0x20000;

    private const int BlockSize = 512;

    private VideoOptionRom(byte[] image, int? pciDevfn)
    {
        Image = image;
        PciDevfn = pciDevfn;
    }

    /// <summary>The ROM's bytes, as long as its header says.</summary>
    public byte[] Image { get; }

    /// <summary>Bus 0's device/function of a PCI card (AL at entry), or null for an ISA card.</summary>
    public int? PciDevfn { get; }

    /// <summary>Checks the header and checksum of <paramref name="file"/>; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static VideoOptionRom Parse(ReadOnlySpan<byte> file, int? pciDevfn)
    {
        if (file.Length < 4 || file[0] != 0x55 || file[1] != 0xAA)
        {
            throw new InvalidDataException("no option ROM signature (55h AAh)");
        }

        int length = file[2] * BlockSize;
        if (length == 0 || length > file.Length || length > MaxLength)
        {
            throw new InvalidDataException($"the header's length of {length} bytes does not fit the {file.Length}-byte image or C0000h-DFFFFh");
        }

        byte sum = 0;
        foreach (byte b in file[..length])
        {
            sum += b;
        }

        if (sum != 0)
        {
            throw new InvalidDataException($"the checksum over {length} bytes is {sum:X2}h, not 00h");
        }

        return new VideoOptionRom(file[..length].ToArray(), pciDevfn);
    }

    /// <summary>Copies the ROM to C0000h (shadow RAM: the ROM keeps its variables there, as SeaVGABIOS does).</summary>
    public void CopyTo(PhysicalMemory memory) => memory.WriteBlock(Base, Image);
}
