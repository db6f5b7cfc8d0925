using System.Buffers.Binary;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// The 256-word IDENTIFY DEVICE and IDENTIFY PACKET DEVICE blocks as QEMU 7.2 fills them for
/// ide-hd and ide-cd with default properties (spec ide-atapi-bios.md A.7, A.8), except what this
/// device cannot do: DATA SET MANAGEMENT is not implemented, so TRIM (word 169) and its
/// deterministic-read bit (word 69) are not claimed; SMART (word 82/85 bit 0) is not implemented
/// and not claimed. The DMA words (49 bit 8, 62, 63, 88) are QEMU's, also on a controller
/// without a bus-master engine, as QEMU's ISA IDE reports them.
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
        words[49] = 0x0B00;                      // IORDY, LBA and DMA supported
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
        words[62] = 0x0007;                      // single-word DMA 0-2
        words[63] = 0x0007;                      // multiword DMA 0-2
        words[88] = 0x203F;                      // Ultra DMA 0-5, mode 5 selected (QEMU's power-on value)
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
        PutWwn(words, strings.Wwn);
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
    public static void FillCdrom(Span<ushort> words, AtaDriveStrings strings, string serial)
    {
        words[..Words].Clear();
        words[0] = 0x85C0;                       // ATAPI, CD-ROM (05h), removable, DRQ within 50 us, 12-byte packets
        PutString(words.Slice(10, 10), serial);
        words[20] = 3;
        words[21] = 512;
        words[22] = 4;
        PutString(words.Slice(23, 4), strings.VersionText);
        PutString(words.Slice(27, 20), strings.ModelOr(CdromModel));
        words[48] = 1;
        words[49] = 0x0300;                      // LBA, DMA
        words[53] = 0x0007;
        words[62] = 0x0007;
        words[63] = 0x0007;
        words[88] = 0x203F;
        words[64] = 0x0003;
        words[65] = 0x00B4;
        words[66] = 0x00B4;
        words[67] = 0x012C;
        words[68] = 0x00B4;
        words[71] = 30;                          // release times in ns
        words[72] = 30;
        words[80] = 0x001E;                      // ATA/ATAPI-1 to -4
        PutWwn(words, strings.Wwn);
    }

    /// <summary>
    /// The world wide name in words 108-111 with "WWN supported/enabled" (words 84/87 bit 8), as
    /// QEMU's ide_identify and ide_atapi_identify put it; nothing when <paramref name="wwn"/> is 0.
    /// </summary>
    private static void PutWwn(Span<ushort> words, ulong wwn)
    {
        if (wwn == 0)
        {
            return;
        }

        words[84] |= 0x0100;
        words[87] |= 0x0100;
        words[108] = (ushort)(wwn >> 48);
        words[109] = (ushort)(wwn >> 32);
        words[110] = (ushort)(wwn >> 16);
        words[111] = (ushort)wwn;
    }

    /// <summary>
    /// SET FEATURES 03h (ATA/ATAPI-6 8.37.10; QEMU <c>cmd_set_features</c>): the Sector Count
    /// names a PIO (00h, 08h+n), single-word DMA (10h+n), multiword DMA (20h+n) or Ultra DMA
    /// (40h+n) mode; words 62, 63 and 88 then show modes 0-2 (UDMA 0-5) supported and the chosen
    /// one selected. Returns false for any other value (the command aborts).
    /// </summary>
    public static bool SelectTransferMode(Span<ushort> words, byte mode)
    {
        int selected = 1 << ((mode & 7) + 8);
        (ushort single, ushort multi, ushort ultra) = (mode >> 3) switch
        {
            0 or 1 => ((ushort)0x07, (ushort)0x07, (ushort)0x3F),
            2 => ((ushort)(0x07 | selected), (ushort)0x07, (ushort)0x3F),
            4 => ((ushort)0x07, (ushort)(0x07 | selected), (ushort)0x3F),
            8 => ((ushort)0x07, (ushort)0x07, (ushort)(0x3F | selected)),
            _ => ((ushort)0, (ushort)0, (ushort)0),
        };
        if (single == 0)
        {
            return false;
        }

        words[62] = single;
        words[63] = multi;
        words[88] = ultra;
        return true;
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
