using Emu.Bios.Clock;
using Emu.Core.Io;
using Emu.Devices.Storage;

namespace Emu.Bios.Disk;

/// <summary>
/// How the BIOS learns a hard disk's geometry on QEMU's pc machine (ide-atapi-bios.md C.3, D):
/// physical geometry and size from the IDENTIFY DEVICE words (1/3/6; 100-103 when word 83 bit
/// 10 says LBA48, else 60-61), the translation from CMOS 39h (two bits per IDE unit, policy - 1)
/// and the optional <c>bios-geometry</c> entry.
/// </summary>
public static class HardDiskProbe
{
    private const byte TranslationFlags = 0x39;

    public static BiosDrive Create(byte number, BlockDrive drive, ReadOnlySpan<ushort> identify, IoBus io, ChsGeometry? biosGeometry)
    {
        ChsGeometry physical = new(identify[1], identify[3], identify[6]);
        long total = (identify[83] & 0x0400) != 0
            ? (long)((ulong)identify[100] | ((ulong)identify[101] << 16) | ((ulong)identify[102] << 32) | ((ulong)identify[103] << 48))
            : identify[60] | ((long)identify[61] << 16);
        int unit = drive.Index;
        byte flags = new CmosPorts(io).Read(TranslationFlags);
        ChsTranslation translation = (ChsTranslation)(((flags >> (unit * 2)) & 3) + 1);
        return BiosDrive.CreateHardDisk(number, drive, physical, total, translation, biosGeometry);
    }
}
