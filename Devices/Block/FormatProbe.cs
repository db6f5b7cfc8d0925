using System.Buffers.Binary;

namespace Emu.Devices.Block;

/// <summary>
/// Image format detection from the first sector, as QEMU's probes do (<c>bdrv_probe</c> of each
/// driver). Used to pick qcow2 versus raw on open, to refuse formats Emu does not read, and for
/// the probed-raw restriction on block 0 (image-locking.md §6).
/// </summary>
public static class FormatProbe
{
    public const int SectorSize = 512;

    /// <summary>The format a first sector announces, or null for none (raw).</summary>
    public static string? Detect(ReadOnlySpan<byte> sector)
    {
        if (sector.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(sector) == Qcow2Header.Magic)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(sector[4..]) == 1 ? "qcow" : "qcow2";
        }

        if (StartsWith(sector, "QED\0"u8))
        {
            return "qed";
        }

        if (StartsWith(sector, "KDMV"u8) || StartsWith(sector, "COWD"u8) || StartsWith(sector, "# Disk DescriptorFile"u8))
        {
            return "vmdk";
        }

        if (sector.Length >= 0x44 && BinaryPrimitives.ReadUInt32LittleEndian(sector[0x40..]) == 0xBEDA107F)
        {
            return "vdi";
        }

        if (StartsWith(sector, "conectix"u8))
        {
            return "vpc";
        }

        if (StartsWith(sector, "vhdxfile"u8))
        {
            return "vhdx";
        }

        if (StartsWith(sector, "LUKS\xBA\xBE"u8))
        {
            return "luks";
        }

        if (StartsWith(sector, "Bochs Virtual HD Image"u8))
        {
            return "bochs";
        }

        if (StartsWith(sector, "#!/bin/sh\n#V2.0 Format\n"u8))
        {
            return "cloop";
        }

        if (StartsWith(sector, "WithoutFreeSpace"u8) || StartsWith(sector, "WithouFreSpacExt"u8))
        {
            return "parallels";
        }

        return null;
    }

    private static bool StartsWith(ReadOnlySpan<byte> sector, ReadOnlySpan<byte> magic) => sector.StartsWith(magic);
}
