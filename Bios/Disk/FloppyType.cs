using Emu.Devices.Storage;
namespace Emu.Bios.Disk;

/// <summary>
/// A floppy drive type (CMOS 10h nibble, INT 13h AH=08h BL) with the drive's maximum geometry,
/// and the medium the image size implies (pc-platform-bios.md 4.3: AH=08h reports the drive,
/// not the medium; QEMU puts 720K media in a 1.44 MB drive; an empty drive is 2.88 MB).
/// </summary>
public sealed record FloppyType(byte CmosType, ChsGeometry Drive, ChsGeometry Medium, byte MediaState)
{
    public static readonly ChsGeometry Drive360K = new(40, 2, 9);
    public static readonly ChsGeometry Drive1200K = new(80, 2, 15);
    public static readonly ChsGeometry Drive1440K = new(80, 2, 18);
    public static readonly ChsGeometry Drive2880K = new(80, 2, 36);

    /// <summary>The drive QEMU's <c>pc</c> machine has at A: when no image is given: an empty 2.88 MB drive.</summary>
    public static FloppyType Empty { get; } = new(5, Drive2880K, Drive2880K, 0);

    /// <summary>Chooses drive and medium from the image size in bytes; unknown sizes get a 1.44 MB drive.</summary>
    public static FloppyType ForImageSize(long bytes) => bytes switch
    {
        1_474_560 => new FloppyType(4, Drive1440K, Drive1440K, 0x17),
        737_280 => new FloppyType(4, Drive1440K, new ChsGeometry(80, 2, 9), 0x97),
        2_949_120 => new FloppyType(5, Drive2880K, Drive2880K, 0xD7),
        1_228_800 => new FloppyType(2, Drive1200K, Drive1200K, 0x15),
        368_640 => new FloppyType(2, Drive1200K, Drive360K, 0x15),
        _ => new FloppyType(4, Drive1440K, Drive1440K, 0x17),
    };
}
