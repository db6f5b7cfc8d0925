using System.Buffers.Binary;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// The 256-word IDENTIFY DEVICE and IDENTIFY PACKET DEVICE blocks as QEMU 7.2 fills them for
/// ide-hd and ide-cd with default properties (spec ide-atapi-bios.md A.7, A.8), except what this
/// controller cannot do: there is no bus-master engine, so the DMA-supported bit (word 49 bit 8)
/// and the DMA mode words 62, 63 and 88 are zero; DATA SET MANAGEMENT needs DMA, so TRIM (word 169)
/// and its deterministic-read bit (word 69) are not claimed; SMART (word 82/85 bit 0) is not
/// implemented and not claimed.
/// </summary>
public static class AtaIdentify
{
    public const int Words = 256;

    /// <summary>QEMU's hardware version string for current machine types (property <c>ver</c>).</summary>
    public const string FirmwareRevision = "2.5+";

    public const string DiskModel = "QEMU HARDDISK";

    public const string CdromModel = "QEMU DVD-ROM";

    /// <summary>QEMU numbers IDE units in creation order: QM00001 primary master ... QM00004 secondary slave.</summary>
    public static string SerialFor(int index) => $"QM{index + 1:D5}";

    /// <summary>Word 85 with the write cache on (bit 5) or off; bit 14 must be one (ATA/ATAPI-6 8.15.50).</summary>
    public static ushort CommandSetEnabled(bool writeCache) => (ushort)(0x4000 | (writeCache ? 0x0020 : 0));

    /// <summary>IDENTIFY DEVICE for a disk (ATA/ATAPI-6 8.15, table 21) of <paramref name="totalSectors"/> 512-byte sectors.</summary>
    public static void FillDisk(Span<ushort> words, AtaDriveStrings strings, string serial, ChsGeometry defaults, ChsGeometry current, int multipleSectors, long totalSectors, bool writeCache)
    {
        words[..Words].Clear();
        words[0] = 0x0040;                       // fixed device
        words[1] = (ushort)defaults.Cylinders;
        words[3] = (ushort)defaults.Heads;
        words[4] = (ushort)(512 * defaults.Sectors); // retired: bytes per track
        words[5] = 512;                          // retired: bytes per sector
        words[6] = (ushort)defaults.Sectors;
        PutString(words.Slice(10, 10), serial);
        words[20] = 3;                           // retired buffer type, size 512 sectors, ECC bytes 4
        words[21] = 512;
        words[22] = 4;
        PutString(words.Slice(23, 4), strings.VersionText);
        PutString(words.Slice(27, 20), strings.ModelOr(DiskModel));
        words[47] = 0x8000 | 16;                 // READ/WRITE MULTIPLE: at most 16 sectors per block
        words[48] = 1;                           // dword I/O
        words[49] = 0x0A00;                      // IORDY supported, LBA supported (no DMA)
        words[51] = 0x0200;                      // PIO timing mode 2
        words[52] = 0x0200;
        words[53] = 0x0007;                      // words 54-58, 64-70 and 88 are valid
        words[54] = (ushort)current.Cylinders;
        words[55] = (ushort)current.Heads;
        words[56] = (ushort)current.Sectors;
        uint currentCapacity = (uint)((long)current.Cylinders * current.Heads * current.Sectors);
        words[57] = (ushort)currentCapacity;
        words[58] = (ushort)(currentCapacity >> 16);
        if (multipleSectors != 0)
        {
            words[59] = (ushort)(0x0100 | multipleSectors);
        }

        uint lba28 = (uint)Math.Min(totalSectors, 0x0FFFFFFF);
        words[60] = (ushort)lba28;
        words[61] = (ushort)(lba28 >> 16);
        words[64] = 0x0003;                      // PIO modes 3 and 4
        words[65] = 120;                         // cycle times in ns
        words[66] = 120;
        words[67] = 120;
        words[68] = 120;
        words[80] = 0x00F0;                      // ATA-4 to ATA-7
        words[81] = 0x0016;
        words[82] = 0x4020;                      // write cache (NOP command bit 14 as QEMU)
        words[83] = 0x7400;                      // FLUSH CACHE EXT, FLUSH CACHE, 48-bit addresses
        words[84] = 0x4000;
        words[85] = CommandSetEnabled(writeCache);
        words[86] = 0x3400;
        words[87] = 0x4000;
        words[93] = 0x6001;                      // hardware reset result
        ulong total = (ulong)totalSectors;
        words[100] = (ushort)total;
        words[101] = (ushort)(total >> 16);
        words[102] = (ushort)(total >> 32);
        words[103] = (ushort)(total >> 48);
        words[106] = 0x6000;                     // one logical sector per physical sector
        if (strings.Wwn != 0)
        {
            // QEMU ide_identify: the WWN words and "WWN supported/enabled" (words 84/87 bit 8).
            words[84] |= 0x0100;
            words[87] |= 0x0100;
            words[108] = (ushort)(strings.Wwn >> 48);
            words[109] = (ushort)(strings.Wwn >> 32);
            words[110] = (ushort)(strings.Wwn >> 16);
            words[111] = (ushort)strings.Wwn;
        }
    }

    /// <summary>Writes the 48-bit and 28-bit capacities again (a medium resize, A.7).</summary>
    public static void UpdateCapacity(Span<ushort> words, long totalSectors)
    {
        uint lba28 = (uint)Math.Min(totalSectors, 0x0FFFFFFF);
        words[60] = (ushort)lba28;
        words[61] = (ushort)(lba28 >> 16);
        ulong total = (ulong)totalSectors;
        words[100] = (ushort)total;
        words[101] = (ushort)(total >> 16);
        words[102] = (ushort)(total >> 32);
        words[103] = (ushort)(total >> 48);
    }

    /// <summary>IDENTIFY PACKET DEVICE for a CD-ROM (ATA/ATAPI-6 8.16, table 23).</summary>
    public static void FillCdrom(Span<ushort> words, string serial)
    {
        words[..Words].Clear();
        words[0] = 0x85C0;                       // ATAPI, CD-ROM (05h), removable, DRQ within 50 us, 12-byte packets
        PutString(words.Slice(10, 10), serial);
        words[20] = 3;
        words[21] = 512;
        words[22] = 4;
        PutString(words.Slice(23, 4), FirmwareRevision);
        PutString(words.Slice(27, 20), CdromModel);
        words[48] = 1;
        words[49] = 0x0200;                      // LBA (no DMA)
        words[53] = 0x0007;
        words[64] = 0x0003;
        words[65] = 0x00B4;
        words[66] = 0x00B4;
        words[67] = 0x012C;
        words[68] = 0x00B4;
        words[71] = 30;                          // release times in ns
        words[72] = 30;
        words[80] = 0x001E;                      // ATA/ATAPI-1 to -4
    }

    /// <summary>Copies the words little-endian into the PIO buffer.</summary>
    public static void Store(ReadOnlySpan<ushort> words, Span<byte> destination)
    {
        for (int i = 0; i < Words; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], words[i]);
        }
    }

    /// <summary>An ATA string (ATA/ATAPI-6 3.2.9): two characters per word, the first in the high byte, space padded.</summary>
    private static void PutString(Span<ushort> words, string text)
    {
        for (int i = 0; i < words.Length; i++)
        {
            int first = (i * 2) < text.Length ? text[i * 2] : ' ';
            int second = (i * 2) + 1 < text.Length ? text[(i * 2) + 1] : ' ';
            words[i] = (ushort)(((first & 0xFF) << 8) | (second & 0xFF));
        }
    }
}
